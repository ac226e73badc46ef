using System.Text.Json;
using ElbLogProcessor.Backfill;
using ElbLogProcessor.Hosting.CommandLine;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

/// <summary>The endings of backfill and replay stay short whatever their size: one screen for a person, a bounded line for machines.</summary>
[Trait("Category", Category.Unit)]
public class CommandEndingTests
{
    private static List<ObjectResult> Results(int count) => [.. Enumerable.Range(0, count).Select(i => (i % 5) switch
    {
        0 => new ObjectResult($"AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/28/lb-{i:D6}.log", ObjectOutcome.Failed, 10, 10,
            $"10 of 10 events not delivered to http://logstash:8080/: connection refused (8 attempts over 54 s)"),
        1 => new ObjectResult($"AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/28/lb-{i:D6}.log", ObjectOutcome.NotStarted),
        _ => new ObjectResult($"AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/28/lb-{i:D6}.log", ObjectOutcome.Completed, 1000),
    })];

    [Fact]
    public void A_50000_object_result_in_json_lists_at_most_a_hundred_and_counts_the_rest()
    {
        var report = BackfillReport.From(Results(50_000));
        Assert.Equal(50_000, report.Objects);
        Assert.Equal(BackfillReport.Listed, report.NotCompleted.Length);
        Assert.Equal(20_000 - BackfillReport.Listed, report.NotCompletedNotListed);
        Assert.Equal(new Dictionary<string, int> { [nameof(ObjectOutcome.Completed)] = 30_000, [nameof(ObjectOutcome.Failed)] = 10_000, [nameof(ObjectOutcome.NotStarted)] = 10_000 },
            report.Outcomes);
        Assert.InRange(JsonSerializer.Serialize(report, BackfillJsonContext.Default.BackfillReport).Length, 1, 30_000);
    }

    [Fact]
    public void A_50000_object_ending_on_a_terminal_fits_on_one_screen()
    {
        var results = Results(50_000);
        var summary = new RunSummary();
        var end = new BackfillCommand.BackfillEnd(new S3Location("my-elb-logs", "AWSLogs/"), results, summary,
            new ProgressSnapshot("p", 50_000, 50_000, 10_000, 30_000_000, 250_000, 1, 1, 29_900_000, 100_000, 0, 120, 0), Interrupted: true,
            StateFile: "november.state", ResultsFile: "november.results");
        var terminal = new StringWriter();
        BackfillCommand.Table(end).Write(terminal);

        var lines = Ansi.Strip(terminal.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 10, 24);
        Assert.Equal("backfill: interrupted after 00:02:00", lines[0]);
        Assert.Equal("  objects        50,000: 30,000 completed, 10,000 failed, 10,000 not started", lines[2]);
        Assert.Equal("not completed (first 10 of 20,000):", lines[6]);
        Assert.Equal("  ... and 19,990 more (every result is in november.results)", lines[17]);
        Assert.Equal("run the same command again to resume from november.state", lines[^1]);
        Assert.All(lines, l => Assert.True(l.Length <= 80, l));
    }

    [Fact]
    public void A_cut_name_keeps_its_end_and_what_fits_is_left_alone()
    {
        Assert.Equal("short", TerminalEnding.Cut("short", 10, keepEnd: true));
        Assert.Equal(".../lb-000001.log", TerminalEnding.Cut("AWSLogs/123456789012/elasticloadbalancing/lb-000001.log", 17, keepEnd: true));
    }

    [Fact]
    public void A_cut_reason_keeps_its_start_and_its_cause()
    {
        var cut = TerminalEnding.Cut("s3://my-elb-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/28/lb.log at byte 0: no such object", 40);
        Assert.Equal(40, cut.Length);
        Assert.StartsWith("s3://my-elb", cut);
        Assert.EndsWith("byte 0: no such object", cut);
    }
}
