using System.Text.Json;
using ElbLogProcessor.Events;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class SummaryTests
{
    [Fact]
    public void Embedded_metric_format_carries_the_same_counts()
    {
        var summary = new RunSummary();
        summary.RecordLine(new LineResult(false, ClassicAccessLog.Kind, null));
        summary.RecordLine(new LineResult(false, ClassicAccessLog.Kind, "field 5 is not a number"));
        summary.RecordLine(LineResult.Blank);
        summary.RecordAttempt("503", "HTTP 503 Service Unavailable", 300);
        summary.RecordRetry();
        summary.RecordAttempt("200", null, 321);
        summary.RecordDelivered(1, 321);
        summary.RecordUndelivered(1, "HTTP 400 Bad Request");
        summary.RecordSource(SourceOutcome.Completed, 1000);

        var emf = JsonDocument.Parse(summary.ToEmbeddedMetricsJson("ElbLogs", "my-function")).RootElement;
        var directive = emf.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("ElbLogs", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["FunctionName"], directive.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()));
        Assert.True(emf.GetProperty("_aws").GetProperty("Timestamp").GetInt64() > 1_700_000_000_000);
        Assert.Equal("my-function", emf.GetProperty("FunctionName").GetString());
        foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
            Assert.True(emf.TryGetProperty(metric.GetProperty("Name").GetString()!, out _), metric.ToString());
        Assert.Equal((3, 2, 1, 1, 1, 1, 1000, 321), (emf.GetProperty("Lines").GetInt32(), emf.GetProperty("Events").GetInt32(),
            emf.GetProperty("Malformed").GetInt32(), emf.GetProperty("EventsSent").GetInt32(), emf.GetProperty("EventsFailed").GetInt32(),
            emf.GetProperty("Retries").GetInt32(), emf.GetProperty("BytesRead").GetInt32(), emf.GetProperty("BytesDelivered").GetInt32()));

        var json = JsonDocument.Parse(summary.ToJson()).RootElement;
        Assert.Equal(2, json.GetProperty("Requests").GetInt64());
        Assert.Equal((321, 621), (json.GetProperty("BytesDelivered").GetInt64(), json.GetProperty("BytesAttempted").GetInt64()));
        Assert.Equal(621, emf.GetProperty("BytesAttempted").GetInt64());
        Assert.Equal(1, json.GetProperty("HttpStatuses").GetProperty("503").GetInt64());
        Assert.Equal(1, json.GetProperty("Events").GetProperty("classic").GetInt64());
        Assert.Equal("1 events not delivered: HTTP 400 Bad Request", json.GetProperty("LastFailures")[0].GetString());
    }

    [Fact]
    public void Events_are_counted_per_kind_in_the_summary_and_in_the_metrics()
    {
        var summary = new RunSummary();
        foreach (var (format, count) in new[] { (ClassicAccessLog.Kind, 1), (AlbAccessLog.Kind, 2), (NlbAccessLog.Kind, 3), (AlbConnectionLog.Kind, 4), (AlbHealthCheckLog.Kind, 5) })
            for (int i = 0; i < count; i++) summary.RecordLine(new LineResult(false, format, null));

        var events = JsonDocument.Parse(summary.ToJson()).RootElement.GetProperty("Events");
        Assert.Equal(["classic", "application", "network", "connection", "healthcheck"], events.EnumerateObject().Select(p => p.Name));
        Assert.Equal([1, 2, 3, 4, 5], events.EnumerateObject().Select(p => p.Value.GetInt32()));
        var emf = JsonDocument.Parse(summary.ToEmbeddedMetricsJson("n", "f")).RootElement;
        Assert.Equal((15, 1, 2, 3, 4, 5), (emf.GetProperty("Events").GetInt32(), emf.GetProperty("ClassicEvents").GetInt32(),
            emf.GetProperty("ApplicationEvents").GetInt32(), emf.GetProperty("NetworkEvents").GetInt32(),
            emf.GetProperty("ConnectionEvents").GetInt32(), emf.GetProperty("HealthCheckEvents").GetInt32()));
    }

    [Fact]
    public void A_hand_over_is_counted_as_such_and_not_as_a_failure()
    {
        var summary = new RunSummary();
        summary.RecordSource(SourceOutcome.Completed, 10);
        summary.RecordSource(SourceOutcome.HandedOver, 20);
        summary.RecordStoppedAt("s3://b/k from line 7 (byte 20)");

        var json = JsonDocument.Parse(summary.ToJson()).RootElement;
        Assert.Equal((2, 0, 1), (json.GetProperty("Sources").GetInt32(), json.GetProperty("SourcesFailed").GetInt32(),
            json.GetProperty("SourcesHandedOver").GetInt32()));
        Assert.Equal("s3://b/k from line 7 (byte 20)", json.GetProperty("StoppedAt")[0].GetString());
        var emf = JsonDocument.Parse(summary.ToEmbeddedMetricsJson("n", "f")).RootElement;
        Assert.Equal((0, 1), (emf.GetProperty("SourcesFailed").GetInt32(), emf.GetProperty("SourcesHandedOver").GetInt32()));
    }

    [Fact]
    public void A_source_that_failed_is_a_source_and_a_failed_one()
    {
        var summary = new RunSummary();
        summary.RecordSource(SourceOutcome.Failed);
        var json = JsonDocument.Parse(summary.ToJson()).RootElement;
        Assert.Equal((1, 1), (json.GetProperty("Sources").GetInt32(), json.GetProperty("SourcesFailed").GetInt32()));
        Assert.False(json.TryGetProperty("SourcesHandedOver", out _));
    }

    [Fact]
    public void Only_the_last_five_failures_are_kept()
    {
        var summary = new RunSummary();
        for (int i = 1; i <= 8; i++) summary.RecordFailure($"failure {i}");
        Assert.Equal(["failure 4", "failure 5", "failure 6", "failure 7", "failure 8"], summary.LastFailures);
    }
}
