using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The events for the bundled samples, the peer cases and an edge-case log are byte for byte
/// what the function produced before its restructuring (test/ElbLogProcessor.Tests/Golden/README.md): what reaches
/// Elasticsearch does not change when the code around it does.
/// </summary>
[Trait("Category", Category.Unit)]
public class GoldenEventTests
{
    private static readonly EnvelopeOptions Envelope = new() { Component = "edge", Environment = "prod", Application = "shop" };

    private static Task<string> Events(string bucket, string? eTag, params (string Key, string Path)[] objects) =>
        PipelineEvents.OfObjects(new ElbEventWriter(new EventEnvelope(Envelope)), bucket, eTag, objects);

    private static string Expected(string name) => File.ReadAllText(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Golden", name));

    [Fact]
    public async Task Bundled_samples()
    {
        string[] files = ["classic-elb.log", "alb.log.gz", "nlb.log.gz"];
        var actual = await Events("samples", null, [.. files.Select(f => (f, RepositoryFiles.Path("deploy", "samples", f)))]);
        Assert.Equal(Expected("samples.expected.ndjson"), actual);
    }

    [Fact]
    public async Task Peer_cases()
    {
        var files = Directory.GetFiles(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "PeerCases"), "*.log").Order(StringComparer.Ordinal);
        var actual = await Events("peer-cases", "0123456789abcdef", [.. files.Select(f => (Path.GetFileName(f), f))]);
        Assert.Equal(Expected("peer-cases.expected.ndjson"), actual);
    }

    [Fact]
    public async Task Edge_cases()
    {
        var actual = await Events("edge-cases", "feedface",
            ("edge-cases.log", RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Golden", "edge-cases.log")));
        Assert.Equal(Expected("edge-cases.expected.ndjson"), actual);
    }
}
