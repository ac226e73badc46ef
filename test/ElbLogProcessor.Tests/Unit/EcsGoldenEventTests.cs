using ElbLogProcessor.Configuration;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The ECS events of the bundled samples, the peer cases, the edge cases and the integration's newest test
/// lines, byte for byte as recorded (test/ElbLogProcessor.Tests/Golden/README.md) when the schema was reviewed against
/// docs/ecs-mapping.md: a change to what reaches Elasticsearch in ECS mode is a deliberate one.
/// </summary>
[Trait("Category", Category.Unit)]
public class EcsGoldenEventTests
{
    internal const string Key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/12/04/";
    private static readonly EcsOptions Options = new() { Schema = EventSchemaKind.Ecs, PreserveOriginal = true };
    private static readonly EnvelopeOptions Envelope = new() { Component = "edge", Environment = "prod", Application = "shop" };

    /// <summary>
    /// The events as NDJSON; the <c>@timestamp</c> of a line that has no time of its own (the time it was read) is
    /// recorded as <see cref="ReadTime"/>.
    /// </summary>
    internal static async Task<string> Events(string bucket, params string[] paths)
    {
        var ndjson = await EcsEvents.OfObjects(bucket, "feedface", Options, Envelope, [.. paths.Select(p => (Key + Path.GetFileName(p), p))]);
        return string.Concat(ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var e = System.Text.Json.JsonDocument.Parse(line).RootElement;
            var time = e.GetProperty("@timestamp").GetString()!;
            bool readTime = e.GetProperty("event").GetProperty("kind").GetString() == "pipeline_error" &&
                            !e.GetProperty("event").GetProperty("original").GetString()!.Contains(time, StringComparison.Ordinal);
            return (readTime ? line.Replace($"\"@timestamp\":\"{time}\"", $"\"@timestamp\":\"{ReadTime}\"", StringComparison.Ordinal) : line) + "\n";
        }));
    }

    /// <summary>Stands for the time a line without one was read.</summary>
    internal const string ReadTime = "(the time the line was read)";

    private static string Expected(string name) => File.ReadAllText(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Golden", name));

    internal static string[] Samples => [.. new[] { "classic-elb.log", "alb.log.gz", "nlb.log.gz", "alb-connection.log.gz", "alb-health-check.log.gz" }
        .Select(f => RepositoryFiles.Path("deploy", "samples", f))];

    internal static string[] PeerCases => [.. Directory.GetFiles(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "PeerCases"), "*.log")
        .Order(StringComparer.Ordinal)];

    internal static string[] EdgeCases => [RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Golden", "edge-cases.log"),
        RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "Reference", "test-alb.newest.log")];

    [Fact]
    public async Task Bundled_samples() => Assert.Equal(Expected("samples.ecs.expected.ndjson"), await Events("samples", Samples));

    [Fact]
    public async Task Peer_cases() => Assert.Equal(Expected("peer-cases.ecs.expected.ndjson"), await Events("peer-cases", PeerCases));

    [Fact]
    public async Task Edge_cases() => Assert.Equal(Expected("edge-cases.ecs.expected.ndjson"), await Events("edge-cases", EdgeCases));
}
