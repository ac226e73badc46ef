using System.Diagnostics;
using System.Text.Json;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>A Logstash that never answers must not make the invocation die silently at its deadline.</summary>
[Trait("Category", Category.Integration)]
public sealed class DeadlineHardStopTests : WithLogstash
{
    private readonly TempFolder _root = new("elb-hardstop-");
    private readonly TaskCompletionSource _never = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Logstash.HoldUntil = _never.Task;
    }

    public override async Task DisposeAsync()
    {
        _never.TrySetResult();
        await base.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task In_flight_events_are_given_up_before_the_deadline_and_counted()
    {
        _root.Write("logs/a.log", LogLines.ClassicLog(3000));
        var variables = LogstashVariables(("BATCH_MAX_EVENTS", "100"), ("DEADLINE_MARGIN_SECONDS", "5"),
            ("LOGSTASH_SENDERS", "2"), ("LOGSTASH_QUEUE_CAPACITY", "2"), ("LOGSTASH_REQUEST_TIMEOUT_SECONDS", "600"));
        var log = new StringWriter();
        using var services = await TestHost.StartAsync(variables, new LocalObjectStore(_root.Path), log: log);
        var clock = Stopwatch.StartNew();

        var result = await services.Handler.HandleAsync(S3Events.Put("logs", "a.log"), DateTimeOffset.UtcNow.AddSeconds(8), CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8));     // at the hard stop, before the deadline
        Assert.False(result.Succeeded);
        var summary = JsonDocument.Parse(result.Summary.ToJson()).RootElement;
        long read = summary.GetProperty("Lines").GetInt64();
        Assert.True(read > 0);
        Assert.Equal(0, summary.GetProperty("EventsSent").GetInt64());
        Assert.Equal(read, summary.GetProperty("EventsFailed").GetInt64());          // every line read is accounted for
        Assert.Contains("ElbLogProcessor summary", log.ToString());
    }
}
