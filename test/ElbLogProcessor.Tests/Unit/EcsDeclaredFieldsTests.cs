using System.Globalization;
using System.Net;
using System.Text.Json;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Every field name an ECS event carries is declared, with a type its JSON value fits, in ECS 8.11.0, in
/// Elastic's AWS integration, or (the AWS fields the integration does not know) as aws.elb.&lt;AWS field name&gt;
/// in docs/ecs-mapping.md: Ecs/declared-fields.tsv, derived from those sources (test/ElbLogProcessor.Tests/Ecs/README.md). Walked over
/// every bundled sample, peer case, edge case and reference line, with every option that adds fields.
/// </summary>
[Trait("Category", Category.Unit)]
public class EcsDeclaredFieldsTests
{
    private static readonly string[][] Rows = [.. File.ReadLines(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "declared-fields.tsv"))
        .Where(l => !l.StartsWith('#')).Select(l => l.Split('\t'))];

    /// <summary>A name declared by several sources (ECS and the integration) keeps the first type; the sources are joined.</summary>
    private static readonly Dictionary<string, (string Type, string Source)> Declared = Rows.GroupBy(r => r[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (g.First()[1], string.Join("; ", g.Select(r => r[2]))), StringComparer.Ordinal);

    private static readonly EcsOptions Everything = new() { Schema = EventSchemaKind.Ecs, PreserveOriginal = true, DataStreamNamespace = "prod" };
    private static readonly EnvelopeOptions Labels = new() { Component = "edge", Environment = "prod", Application = "shop" };

    /// <summary>Every event of every file the tests have, as S3 objects (for the aws.s3 and cloud fields).</summary>
    internal static async Task<List<JsonElement>> AllEvents()
    {
        var files = Directory.GetFiles(RepositoryFiles.Path("deploy", "samples"))
            .Concat(Directory.GetFiles(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "PeerCases"), "*.log"))
            .Concat(Directory.GetFiles(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "Reference"), "*.log"))
            .Append(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Golden", "edge-cases.log"));
        var key = "AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/12/04/";
        var ndjson = await EcsEvents.OfObjects("my-elb-logs", "feedface", Everything, Labels, [.. files.Select(f => (key + Path.GetFileName(f), f))]);
        return [.. EcsEvents.Parse(ndjson)];
    }

    [Fact]
    public async Task Every_field_sent_is_declared_with_a_type_its_value_fits()
    {
        var events = await AllEvents();
        Assert.True(events.Count > 100, $"{events.Count} events");
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
            foreach (var (path, value) in EcsEvents.Flatten(e))
                if (Problem(path, value) is { } problem) problems.Add(problem);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>What every parsed line's event carries, whatever its kind: provenance, data stream, the event's own fields, labels, tags.</summary>
    private static readonly string[] EveryEvent =
    [
        "aws.s3.", "cloud.", "data_stream.", "ecs.version", "event.category", "event.dataset", "event.id", "event.kind", "event.original",
        "event.type", "labels.", "log.", "tags", "aws.elb.protocol", "aws.elb.extra_fields",
    ];

    [Fact]
    public async Task Each_kind_sends_only_the_ecs_fields_its_declaration_names()
    {
        var problems = new SortedSet<string>(StringComparer.Ordinal);
        int parsed = 0;
        foreach (var e in await AllEvents())
        {
            if (e.GetProperty("event").GetProperty("kind").GetString() == "pipeline_error") continue;
            var original = e.GetProperty("event").GetProperty("original").GetString()!;
            var file = e.GetProperty("log").GetProperty("file").GetProperty("path").GetString()!;
            var kind = file.EndsWith("alb-vended.parquet", StringComparison.Ordinal)   // the bundled Parquet sample: ALB records
                ? AlbAccessLog.Kind
                : LogKindDetector.Detect(System.Text.Encoding.UTF8.GetBytes(original), LogKind.NamedBy(file))!;
            parsed++;
            var declared = kind.Fields.SelectMany(f => f.Ecs).ToList();
            foreach (var (path, _) in EcsEvents.Flatten(e))
            {
                bool named = declared.Any(d => d == path || (d.EndsWith(".*", StringComparison.Ordinal) && path.StartsWith(d[..^1], StringComparison.Ordinal))) ||
                             EveryEvent.Any(p => p == path || (p.EndsWith('.') && path.StartsWith(p, StringComparison.Ordinal)));
                if (!named) problems.Add($"{kind.Name}: {path} is not among the ECS fields its declaration names");
            }
        }

        Assert.True(parsed > 100, $"{parsed} parsed events");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_list_keeps_its_sources_and_the_projects_own_names_follow_the_rule()
    {
        // Where ECS and the integration both declare a field, they agree on its type.
        foreach (var group in Rows.GroupBy(r => r[0], StringComparer.Ordinal).Where(g => g.Count() > 1))
            Assert.True(group.Select(r => Family(r[1])).Distinct().Count() == 1, $"{group.Key}: {string.Join(", ", group.Select(r => $"{r[1]} ({r[2]})"))}");

        Assert.True(Declared.Count > 1700);
        Assert.All(Declared, d => Assert.False(string.IsNullOrWhiteSpace(d.Value.Source), d.Key));
        var own = Declared.Where(d => d.Value.Source.StartsWith("ElbLogProcessor", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(own);
        var mapping = File.ReadAllText(RepositoryFiles.Path("docs/ecs-mapping.md"));
        foreach (var (name, _) in own)
        {
            Assert.StartsWith("aws.elb.", name);
            Assert.Contains($"`{name}`", mapping);
        }
    }

    /// <summary>
    /// The <c>aws.elb.&lt;AWS field name&gt;</c> names the log-kind declarations give (a text field as a keyword, an integer as a
    /// long): the project's own names are declared where its fields are, in src/ElbLogProcessor/LogKinds.
    /// </summary>
    internal static readonly Dictionary<string, string> DeclaredByLogKinds = LogKind.All.SelectMany(k => k.Fields)
        .Where(f => f.SingleEcsField is { } name && name.StartsWith("aws.elb.", StringComparison.Ordinal))
        .GroupBy(f => f.SingleEcsField!, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.All(f => f.Kind == ValueKind.Integer) ? "long" : "keyword", StringComparer.Ordinal);

    private static string? Problem(string path, JsonElement value)
    {
        if (!Declared.TryGetValue(path, out var declared) && DeclaredByLogKinds.TryGetValue(path, out var type))
            declared = (type, "ElbLogProcessor src/ElbLogProcessor/LogKinds");
        if (declared.Type is null)
        {
            // An object ECS declares open (labels.*): any key, keyword values.
            var parent = Declared.FirstOrDefault(d => d.Value.Type == "object" && path.StartsWith(d.Key + ".", StringComparison.Ordinal));
            if (parent.Key is null) return $"{path}: not declared";
            declared = ("keyword", parent.Value.Source);
        }

        var values = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
        foreach (var v in values)
            if (!Fits(declared.Type, v)) return $"{path}: {v.ValueKind} {v} does not fit {declared.Type} ({declared.Source})";
        return null;
    }

    private static string Family(string type) => type switch
    {
        "keyword" or "constant_keyword" or "wildcard" => "keyword",
        _ => type,
    };

    private static bool Fits(string type, JsonElement v) => type switch
    {
        "keyword" or "constant_keyword" or "wildcard" or "match_only_text" or "text" or "flattened" => v.ValueKind == JsonValueKind.String,
        "long" or "integer" or "short" or "byte" or "unsigned_long" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        "float" or "double" or "scaled_float" or "half_float" => v.ValueKind == JsonValueKind.Number,
        "date" => v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out _),
        "ip" => v.ValueKind == JsonValueKind.String && IPAddress.TryParse(v.GetString(), out _),
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ => false,
    };
}
