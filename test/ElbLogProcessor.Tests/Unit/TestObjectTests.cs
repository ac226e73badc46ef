using System.Text.Json;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>The test objects ELB writes when a kind of logging is turned on are acknowledged and skipped, never read as logs.</summary>
[Trait("Category", Category.Unit)]
public class TestObjectTests
{
    [Fact]
    public async Task Test_objects_of_every_kind_are_skipped_and_the_invocation_succeeds()
    {
        using var folder = new TempFolder();
        string[] keys = ["AWSLogs/123456789012/ELBAccessLogTestFile", "AWSLogs/123456789012/ELBConnectionLogTestFile", "AWSLogs/123456789012/ELBHealthCheckLogTestFile"];
        foreach (var key in keys) folder.Write($"logs/{key}", "Enable AccessLog for ELB: my-lb at 2026-11-28T00:00:00.000Z"u8.ToArray());
        using var services = await TestHost.StartAsync(new Variables(), new LocalObjectStore(folder.Path));

        var result = await services.Handler.HandleAsync(S3Events.Put("logs", keys), DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);

        Assert.True(result.Succeeded, result.ErrorMessage);
        var summary = JsonDocument.Parse(result.Summary.ToJson()).RootElement;
        Assert.Equal((3, 0, 0L), (summary.GetProperty("SourcesSkipped").GetInt32(), summary.GetProperty("Sources").GetInt32(),
            summary.GetProperty("Lines").GetInt64()));
    }
}
