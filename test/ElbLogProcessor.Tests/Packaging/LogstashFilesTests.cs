using System.Text.Json;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Tests;

/// <summary>The receiving side shipped in deploy/logstash: every field the function sends is mapped, with a type that fits it.</summary>
[Trait("Category", Category.Packaging)]
public class LogstashFilesTests
{
    private static readonly JsonElement Properties = JsonDocument.Parse(RepositoryFiles.ReadText("deploy", "logstash", "elb-logs-index-template.json"))
        .RootElement.GetProperty("template").GetProperty("mappings").GetProperty("properties");

    /// <summary>Dates that are not a declared field's (timestamps are: <see cref="ValueKind.Timestamp"/>).</summary>
    private static readonly string[] Dates = ["@timestamp", "ClientCertNotBefore", "ClientCertNotAfter"];

    private static string TypeOf(string field) => Properties.GetProperty(field).GetProperty("type").GetString()!;

    /// <summary>Every top-level name an event can carry, with the kind of value it has: the envelope's, and each log kind's declared fields.</summary>
    private static IEnumerable<(string Name, ValueKind Kind)> SentFields() =>
    [
        .. new[] { "Type", "SourceModuleName", "Component", "Environment", "Application", "LoadBalancerType", "LogType", "EventId",
                   "RequestMethod", "RequestUrl", "RequestProtocol", "ExtraFields", "message", "tags", "TargetArn",
                   "ClientCertNotBefore", "ClientCertNotAfter" }.Select(n => (n, ValueKind.Text)),
        .. LogKind.All.SelectMany(k => k.Fields).Where(f => f.Elb is not null).Select(f => (f.Elb!, f.Kind)),
    ];

    [Fact]
    public void Every_field_the_function_sends_is_mapped_with_a_fitting_type()
    {
        var problems = new List<string>();
        foreach (var (name, kind) in SentFields().Distinct())
        {
            if (!Properties.TryGetProperty(name, out _))
            {
                problems.Add($"{name} is not mapped");
                continue;
            }

            var type = TypeOf(name);
            bool fits = kind switch
            {
                ValueKind.Seconds or ValueKind.Milliseconds => type is "float" or "double" or "scaled_float",
                ValueKind.Integer => type is "long" or "integer",
                ValueKind.Timestamp => type == "date",
                _ when Dates.Contains(name) => type == "date",
                _ => type is "keyword" or "text" or "wildcard" or "ip",
            };
            if (!fits) problems.Add($"{name} ({kind}) is mapped as {type}");
        }

        Assert.Empty(problems);
        Assert.Equal("date", TypeOf("@timestamp"));
        Assert.Equal(["S3", "File"], Properties.GetProperty("Source").GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void The_pipeline_writes_to_a_daily_index_with_the_event_id_as_document_id()
    {
        var pipeline = RepositoryFiles.ReadText("deploy", "logstash", "elb-logs.conf");
        Assert.Contains("data_stream => \"false\"", pipeline);
        Assert.Contains("index => \"elb-logs-%{+YYYY.MM.dd}\"", pipeline);
        Assert.Contains("document_id => \"%{[EventId]}\"", pipeline);
        Assert.Contains("match => [\"EventReceivedTime\"", pipeline);
        var patterns = JsonDocument.Parse(RepositoryFiles.ReadText("deploy", "logstash", "elb-logs-index-template.json")).RootElement
            .GetProperty("index_patterns").EnumerateArray().Select(p => p.GetString());
        Assert.Contains("elb-logs-*", patterns);
    }

    private static readonly JsonElement EcsTemplate = JsonDocument.Parse(RepositoryFiles.ReadText("deploy", "logstash", "elb-logs-ecs-index-template.json")).RootElement;

    /// <summary>The ECS template's type of a dotted field, or null when it does not map it.</summary>
    private static string? EcsTypeOf(string path)
    {
        var node = EcsTemplate.GetProperty("template").GetProperty("mappings");
        foreach (var part in path.Split('.'))
        {
            if (!node.TryGetProperty("properties", out var properties) || !properties.TryGetProperty(part, out node))
                return path.StartsWith("labels.", StringComparison.Ordinal) ? "keyword" : null;   // the labels dynamic template
        }

        return node.TryGetProperty("type", out var type) ? type.GetString() : null;
    }

    [Fact]
    public async Task The_ecs_template_maps_every_field_sent_as_the_integration_and_ecs_declare_it()
    {
        var declared = File.ReadLines(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "declared-fields.tsv"))
            .Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')).GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        var problems = new SortedSet<string>();
        foreach (var e in await EcsDeclaredFieldsTests.AllEvents())
            foreach (var path in EcsEvents.Flatten(e).Keys)
            {
                var type = EcsTypeOf(path);
                if (type is null) problems.Add($"{path} is not mapped");
                else if (declared.TryGetValue(path, out var wanted) && type != wanted && (type, wanted) is not ("keyword", "constant_keyword"))
                    problems.Add($"{path} is mapped as {type}, declared {wanted}");
            }

        Assert.Empty(problems);
        // What Logstash's geoip and useragent filters add is mapped too, the location as a point.
        Assert.Equal("geo_point", EcsTypeOf("source.geo.location"));
        Assert.Equal("long", EcsTypeOf("source.as.number"));
        Assert.Equal("keyword", EcsTypeOf("user_agent.name"));
        Assert.Equal(["logs-aws.elb_logs-*"], EcsTemplate.GetProperty("index_patterns").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(JsonValueKind.Object, EcsTemplate.GetProperty("data_stream").ValueKind);
        Assert.True(EcsTemplate.GetProperty("priority").GetInt32() < 200, "the integration's own template (priority 200) must win where it is installed");
    }

    [Fact]
    public void The_ecs_pipeline_creates_in_the_integrations_data_stream_with_the_event_id_and_without_its_ingest_pipeline()
    {
        var pipeline = RepositoryFiles.ReadText("deploy", "logstash", "elb-logs-ecs.conf");
        Assert.Contains("data_stream => \"true\"", pipeline);
        Assert.Contains("data_stream_dataset => \"aws.elb_logs\"", pipeline);
        Assert.Contains("data_stream_auto_routing => true", pipeline);
        Assert.Contains("document_id => \"%{[event][id]}\"", pipeline);
        Assert.Contains("action => \"create\"", pipeline);
        Assert.Contains("pipeline => \"_none\"", pipeline);
        Assert.Contains("source => \"[source][ip]\"", pipeline);
        Assert.Contains("default_database_type => \"ASN\"", pipeline);
        Assert.Contains("source => \"[user_agent][original]\"", pipeline);
    }
}
