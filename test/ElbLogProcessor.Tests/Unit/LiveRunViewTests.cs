using ElbLogProcessor.Hosting.CommandLine;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

/// <summary>The live line of <c>process</c> and <c>invoke</c> on a terminal: what it says while working, failing and stopping.</summary>
[Trait("Category", Category.Unit)]
public sealed class LiveRunViewTests
{
    [Fact]
    public void While_working_it_gives_lines_read_the_rate_and_events_delivered()
    {
        var lines = LiveRunView.Lines("process", new ProgressCounts(123_456, 120_000, 118_000, 0, 0, null), 48_000, stopping: null);
        Assert.Equal([("process · 123,456 lines read · 48,000 lines/s · 118,000 events delivered", null)], lines);
    }

    [Fact]
    public void While_delivery_fails_it_gives_the_retries_and_why()
    {
        var lines = LiveRunView.Lines("invoke", new ProgressCounts(6_000, 6_000, 0, 1_361, 13, "connection refused"), 0, stopping: null);
        Assert.Equal(("invoke · 6,000 lines read · 0 lines/s · 0 events delivered · 1,361 not delivered · 13 retries", "red"), lines[0]);
        Assert.Equal(("failing: connection refused", "yellow"), lines[1]);
    }

    [Fact]
    public void After_a_ctrl_c_it_says_what_it_waits_for_and_how_long()
    {
        var lines = LiveRunView.Lines("process", new ProgressCounts(6_000, 6_000, 1_000, 0, 2, null), 0, TimeSpan.FromSeconds(12.4));
        Assert.Equal(("stopping: delivering the 5,000 events already read, for 12 s (up to 5 min; Ctrl+C again to stop at once)", "yellow"),
            lines[^1]);
    }

    [Fact]
    public void The_counts_are_summed_over_the_runs_and_the_last_failing_cause_is_kept()
    {
        var progress = new RunProgress();
        var (first, second) = (new RunSummary(), new RunSummary());
        progress.Add(first);
        progress.Add(second);
        first.RecordDelivered(10, 1000);
        second.RecordAttempt("connection", "connection refused", 100);
        second.RecordRetry();
        Assert.Equal(new ProgressCounts(0, 0, 10, 0, 1, "connection refused"), progress.Now());
        second.RecordAttempt("200", null, 100);
        Assert.Null(progress.Now().FailingNow);
    }
}
