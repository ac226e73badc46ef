using System.Text.Json;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>The receiving side shipped in deploy/logstash: every field the function sends is mapped, with a type that fits it.</summary>
[Trait("Category", Category.Packaging)]
public class LogstashFilesTests
{
    private static readonly JsonElement Properties = JsonDocument.Parse(RepositoryFiles.ReadText("deploy", "logstash", "elb-logs-index-template.json"))
        .RootElement.GetProperty("template").GetProperty("mappings").GetProperty("properties");

    private static readonly string[] Dates =
        ["@timestamp", "EventReceivedTime", "RequestCreationTime", "TlsConnectionCreationTime", "ClientCertNotBefore", "ClientCertNotAfter"];

    private static string TypeOf(string field) => Properties.GetProperty(field).GetProperty("type").GetString()!;

    /// <summary>Every top-level name an event can carry, with the kind of value it has.</summary>
    private static IEnumerable<(string Name, FieldKind Kind)> SentFields() =>
    [
        .. new[] { "Type", "SourceModuleName", "Component", "Environment", "Application", "LoadBalancerType", "LogType", "EventId",
                   "RequestMethod", "RequestUrl", "RequestProtocol", "ExtraFields", "message", "tags", "TargetArn",
                   "ClientCertNotBefore", "ClientCertNotAfter" }.Select(n => (n, FieldKind.Text)),
        .. LogLayouts.ByFormat.OfType<LogLayout>().SelectMany(l => l.Fields).Where(f => f.Kind != FieldKind.PortAfterIp).Select(f => (f.Name, f.Kind)),
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
                FieldKind.Seconds or FieldKind.Milliseconds => type is "float" or "double" or "scaled_float",
                FieldKind.Integer => type is "long" or "integer",
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
}
