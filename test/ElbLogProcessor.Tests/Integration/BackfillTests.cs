using System.Text.Json;
using ElbLogProcessor.Backfill;
using ElbLogProcessor.Hosting.CommandLine;
using ElbLogProcessor.Invocation;

namespace ElbLogProcessor.Tests;

/// <summary>
/// <c>backfill</c> against s3rver, a Logstash-contract server and an SQS stand-in, all started by the
/// tests: pagination, day ranges, a stop and a resume, a changed object, the fan-out to a queue,
/// what is not a log, and the progress lines.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class BackfillTests(BackfillFixture s3rver) : WithLogstash, IClassFixture<BackfillFixture>
{
    private const string Day = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11";
    private SqsStandIn _sqs = null!;
    private readonly TempFolder _folder = new("elb-backfill-");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _sqs = await SqsStandIn.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _sqs.DisposeAsync();
        _folder.Dispose();
    }

    private Variables Variables() => LogstashVariables(("AWS_ENDPOINT_URL_S3", s3rver.Server.Endpoint.ToString()),
        ("AWS_ENDPOINT_URL_SQS", _sqs.Endpoint.ToString()), ("AWS_ACCESS_KEY_ID", S3rverProcess.AccessKey),
        ("AWS_SECRET_ACCESS_KEY", S3rverProcess.SecretKey), ("BATCH_MAX_EVENTS", "100"));

    private static byte[] Log(int lines, int first) => LogLines.ClassicLog(lines, first);

    /// <summary>Uploads the objects (a few at once, as s3rver takes them); returns their ETags by key.</summary>
    private async Task<Dictionary<string, string>> PutAll(string bucket, IEnumerable<(string Key, byte[] Content)> objects)
    {
        var eTags = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (o, _) => eTags[o.Key] = await s3rver.Server.PutAsync(bucket, o.Key, o.Content));
        return new Dictionary<string, string>(eTags);
    }

    private static BackfillReport Report(CommandResult result) => JsonSerializer.Deserialize(
        result.Diagnostics.Split('\n').Last(l => l.Contains("\"ElbLogProcessor backfill results\"")), BackfillJsonContext.Default.BackfillReport)!;

    [Fact]
    public async Task More_than_a_thousand_objects_under_a_prefix_are_all_listed_and_sent()
    {
        await PutAll("paged", Enumerable.Range(0, 1050).Select(i => ($"{Day}/28/lb-{i:D4}.log", Log(2, i * 2))));

        var result = await CommandRunner.Run(Variables(), "backfill", "s3://paged/AWSLogs/", "--parallel", "4");

        Assert.True(result.ExitCode == 0, result.Diagnostics[^Math.Min(2000, result.Diagnostics.Length)..]);
        Assert.Equal(1050, Report(result).Outcomes[nameof(ObjectOutcome.Completed)]);
        Assert.Equal(2100, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
        Assert.Equal(1050, result.Summary.GetProperty("Sources").GetInt32());
    }

    [Fact]
    public async Task A_day_range_lists_and_sends_exactly_the_days_in_range()
    {
        var objects = Enumerable.Range(20, 9).Select(d => ($"{Day}/{d:D2}/lb.log", Log(10, d * 100))).ToList();
        objects.Add(($"AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/11/23/other-region.log", Log(10, 5000)));
        objects.Add(($"AWSLogs/123456789012/elasticloadbalancing/us-east-1/2025/11/23/last-year.log", Log(10, 6000)));
        var eTags = await PutAll("days", objects);

        var result = await CommandRunner.Run(Variables(), "backfill", "s3://days/AWSLogs/", "--from", "2026-11-22", "--to", "2026-11-24");

        Assert.True(result.ExitCode == 0, result.Diagnostics);
        Assert.Equal(4, Report(result).Outcomes[nameof(ObjectOutcome.Completed)]);    // 22, 23, 24 in us-east-1, 23 in eu-west-1
        Assert.Equal(40, Logstash.EventIds.Count);
        foreach (var (key, _) in objects)
        {
            bool inRange = key.Contains("/2026/11/22/") || key.Contains("/2026/11/23/") || key.Contains("/2026/11/24/");
            Assert.Equal(inRange, Logstash.EventIds.ContainsKey(Events.LogSource.ForS3("days", key, eTags[key], null).EventIdFor(0)));
        }

        // Only the days in range were listed, never the whole bucket.
        using var s3 = s3rver.Server.CreateClient();
        var lister = new BucketLister(s3);
        var keys = new List<string>();
        await foreach (var o in lister.ListAsync(new S3Location("days", "AWSLogs/"), new DayRange(new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 24)), CancellationToken.None))
            keys.Add(o.Key);
        Assert.Equal(4, keys.Count);
        Assert.Equal(2 * 3, lister.ObjectListings);   // two region folders hold year folders, three days each

        // A prefix that already names the month: its days in range, without looking for year folders.
        var monthLister = new BucketLister(s3);
        var inMonth = new List<string>();
        await foreach (var o in monthLister.ListAsync(new S3Location("days", $"{Day}/"), new DayRange(new DateOnly(2026, 10, 30), new DateOnly(2026, 11, 21)), CancellationToken.None))
            inMonth.Add(o.Key);
        Assert.Equal([$"{Day}/20/lb.log", $"{Day}/21/lb.log"], inMonth);
        Assert.Equal((0, 21), (monthLister.FolderListings, monthLister.ObjectListings));
    }

    [Fact]
    public async Task Vended_deliveries_in_the_hive_compatible_layout_are_listed_by_day_and_read_in_every_format()
    {
        const string hive = "AWSLogs/aws-account-id=123456789012/elasticloadbalancing/region=us-east-1";
        var alb = LegacyRecord.All.Where(r => r.Kind == LogKinds.AlbAccessLog.Kind).Take(10).ToList();
        var objects = new List<(string, byte[])>
        {
            ($"{hive}/year=2026/month=11/day=23/alb.json.gz", Gzip.Compress(VendedShapes.Json(alb, true, n => n, System.Text.Encodings.Web.JavaScriptEncoder.Default))),
            ($"{hive}/year=2026/month=11/day=24/alb.parquet", VendedShapes.Parquet(alb, Parquet.CompressionMethod.Snappy, typed: true, rowGroup: 4)),
            ($"{hive}/year=2026/month=11/day=25/out-of-range.parquet", VendedShapes.Parquet(alb, Parquet.CompressionMethod.Snappy, typed: true, rowGroup: 4)),
        };
        await PutAll("hive", objects);

        var result = await CommandRunner.Run(Variables(), "backfill", "s3://hive/AWSLogs/", "--from", "2026-11-22", "--to", "2026-11-24");

        Assert.True(result.ExitCode == 0, result.Diagnostics);
        Assert.Equal(2, Report(result).Outcomes[nameof(ObjectOutcome.Completed)]);
        Assert.Equal(20, Logstash.EventIds.Count);
        Assert.Equal(20, result.Summary.GetProperty("Events").GetProperty("application").GetInt64());
        Assert.Equal(0, result.Summary.GetProperty("Malformed").GetInt64());
    }

    [Fact]
    public async Task A_stopped_backfill_resumes_from_its_state_and_sends_every_line_exactly_once()
    {
        await PutAll("resume", Enumerable.Range(0, 12).Select(i => ($"{Day}/28/lb-{i:D2}{(i % 3 == 0 ? ".log.gz" : ".log")}",
            i % 3 == 0 ? Gzip.Compress(Log(3000, i * 3000)) : Log(3000, i * 3000))));
        var state = Path.Combine(_folder.Path, "resume.state");
        using var stop = new CancellationTokenSource();
        Logstash.OnAccepted = _ =>
        {
            if (Logstash.EventsReceived >= 9000) stop.Cancel();   // Ctrl+C about a quarter of the way
        };

        var first = await CommandRunner.Run(Variables(), stop.Token, "backfill", "s3://resume/AWSLogs/", "--state", state, "--parallel", "2");
        Assert.Equal(ExitCodes.Interrupted, first.ExitCode);
        var stopped = Report(first);
        Assert.True(stopped.Outcomes.GetValueOrDefault(nameof(ObjectOutcome.Interrupted)) + stopped.Outcomes.GetValueOrDefault(nameof(ObjectOutcome.NotStarted)) > 0);
        long afterStop = Logstash.EventsReceived;
        Assert.InRange(afterStop, 9000, 35_999);
        Assert.Contains("\"ElbLogProcessor summary\"", first.Diagnostics);   // the summary is written on a stop too

        Logstash.OnAccepted = null;
        var second = await CommandRunner.Run(Variables(), "backfill", "s3://resume/AWSLogs/", "--state", state, "--parallel", "2");
        Assert.True(second.ExitCode == 0, second.Diagnostics);
        Assert.Equal(36_000, Logstash.EventIds.Count);                       // every line ...
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));        // ... exactly once in total
        Assert.True(Report(second).Outcomes.GetValueOrDefault(nameof(ObjectOutcome.AlreadyDone)) > 0);

        var third = await CommandRunner.Run(Variables(), "backfill", "s3://resume/AWSLogs/", "--state", state);
        Assert.Equal(12, Report(third).Outcomes[nameof(ObjectOutcome.AlreadyDone)]);     // nothing left to send
        Assert.Equal(36_000, Logstash.EventsReceived);
    }

    [Fact]
    public async Task A_changed_object_is_sent_again_and_an_unchanged_one_is_not()
    {
        await PutAll("changed", [($"{Day}/28/a.log", Log(10, 0)), ($"{Day}/28/b.log", Log(10, 100))]);
        var state = Path.Combine(_folder.Path, "changed.state");
        Assert.Equal(0, (await CommandRunner.Run(Variables(), "backfill", "s3://changed/", "--state", state)).ExitCode);
        Assert.Equal(20, Logstash.EventsReceived);

        await s3rver.Server.PutAsync("changed", $"{Day}/28/b.log", Log(15, 200));   // a new version: a new ETag
        var again = await CommandRunner.Run(Variables(), "backfill", "s3://changed/", "--state", state);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(new Dictionary<string, int> { [nameof(ObjectOutcome.AlreadyDone)] = 1, [nameof(ObjectOutcome.Completed)] = 1 }, Report(again).Outcomes);
        Assert.Equal(35, Logstash.EventsReceived);
    }

    [Fact]
    public async Task Via_queue_sends_one_message_per_object_that_the_function_accepts()
    {
        var keys = Enumerable.Range(0, 25).Select(i => $"{Day}/28/lb {i:D2}+x.log").ToList();
        await PutAll("queued", keys.Select((k, i) => (k, Log(5, i * 5))));
        var queue = _sqs.QueueUrl("elb-log-processor-continuations");
        _sqs.RefuseOnce = body => body.Contains("lb+07", StringComparison.Ordinal);   // SQS refuses one entry once

        var result = await CommandRunner.Run(Variables(), "backfill", "s3://queued/AWSLogs/", "--via-queue", queue);

        Assert.True(result.ExitCode == 0, result.Diagnostics);
        Assert.Equal(25, Report(result).Outcomes[nameof(ObjectOutcome.Queued)]);
        Assert.Equal(0, Logstash.EventsReceived);                                     // nothing read here
        Assert.Equal(3, _sqs.Calls["SendMessageBatch"] - 1);                             // 10 + 10 + 5, and one resend
        var messages = _sqs.Messages(queue);
        Assert.Equal(25, messages.Count);
        var named = messages.Select(m => Assert.Single(InvocationEventParser.Parse(S3Events.SqsWrapped(m)))).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), named.Select(o => o.Location.Key).Order(StringComparer.Ordinal));
        Assert.All(named, o => Assert.Equal(("queued", 1L), (o.Location.Bucket, o.Start.LineNumber)));
        Assert.All(named, o => Assert.False(string.IsNullOrEmpty(o.Location.ETag)));
    }

    [Fact]
    public async Task Objects_that_are_not_logs_are_reported_and_the_rest_is_sent()
    {
        await PutAll("kinds", [
            ($"AWSLogs/123456789012/ELBAccessLogTestFile", "Enable AccessLog for ELB: my-lb"u8.ToArray()),
            ($"{Day}/28/vended.json", "{\"type\":\"http\"}\n{\"type\":\"http\"}\n"u8.ToArray()),
            ($"{Day}/28/conn_log_123456789012_elasticloadbalancing_us-east-1_app.lb.1_20261128T0000Z_10.0.0.1_x.log.gz",
                Gzip.Compress(string.Join("\n", LogLines.Connection) + "\n")),
            ($"{Day}/28/access.log", Log(10, 0)),
        ]);

        var all = await CommandRunner.Run(Variables(), "backfill", "s3://kinds/");
        Assert.True(all.ExitCode == 0, all.Diagnostics);                 // not fatal
        var report = Report(all);
        Assert.Equal(new Dictionary<string, int> { [nameof(ObjectOutcome.Completed)] = 2, [nameof(ObjectOutcome.NotALog)] = 1, [nameof(ObjectOutcome.TestObject)] = 1 }, report.Outcomes);
        Assert.Contains(report.NotCompleted, r => r.Outcome == ObjectOutcome.NotALog && r.Reason!.Contains("JSON"));

        var onlyConnections = await CommandRunner.Run(Variables(), "backfill", "s3://kinds/", "--include", "conn_log_*", "--dry-run");
        Assert.Equal(0, onlyConnections.ExitCode);
        var listed = Assert.Single(onlyConnections.Events);
        Assert.StartsWith($"{Day}/28/conn_log_", listed.GetProperty("Key").GetString());
        Assert.Contains("\"Objects\":1,", onlyConnections.Diagnostics);
        Assert.Equal(13, Logstash.EventsReceived);                         // the dry run sent nothing

        var noAccess = await CommandRunner.Run(Variables(), "backfill", "s3://kinds/", "--exclude", "*.log", "--exclude", "*.json", "--dry-run");
        Assert.Single(noAccess.Events);
    }

    [Fact]
    public async Task Without_a_terminal_progress_is_a_json_line_every_interval_ending_with_everything_done()
    {
        await PutAll("progress", Enumerable.Range(0, 6).Select(i => ($"{Day}/28/lb-{i}.log", Log(4000, i * 4000))));
        Logstash.Stall = TimeSpan.FromMilliseconds(20);

        var result = await CommandRunner.Run(Variables(), "backfill", "s3://progress/", "--progress-interval", "0.2", "--parallel", "1");

        Assert.True(result.ExitCode == 0, result.Diagnostics);
        var lines = result.Diagnostics.Split('\n').Where(l => l.Contains("\"ElbLogProcessor backfill progress\""))
            .Select(l => JsonSerializer.Deserialize(l, BackfillJsonContext.Default.ProgressSnapshot)!).ToList();
        Assert.True(lines.Count >= 2, result.Diagnostics);
        Assert.All(lines, p => Assert.Equal(6, p.ObjectsTotal));
        Assert.Equal(lines.Select(p => p.Lines).Order(), lines.Select(p => p.Lines));   // never goes back
        var last = lines[^1];
        Assert.Equal((6, 24_000L, 24_000L, 0L), (last.ObjectsDone, last.Lines, last.EventsSent, last.EventsFailed));
        Assert.Equal(last.BytesTotal, last.BytesDone);
        Assert.Equal(0, last.EtaSeconds);
    }

    /// <summary>The lines from the terminal ending's title on (the live display before it is cleared on a real terminal).</summary>
    private static string[] Ending(string diagnostics, string title)
    {
        // Spectre.Console takes the writer for an ANSI terminal of 80 columns: its colours and cursor moves are not text.
        var lines = Ansi.Strip(diagnostics).Split('\n');
        int start = Array.FindLastIndex(lines, l => l.Contains(title, StringComparison.Ordinal));
        Assert.True(start >= 0, diagnostics);
        lines[start] = lines[start][lines[start].IndexOf(title, StringComparison.Ordinal)..];   // after the cleared live display
        return [.. lines[start..].Where(l => l.Length > 0)];
    }

    [Fact]
    public async Task On_a_terminal_an_interrupted_backfill_ends_with_one_screen_and_how_to_resume()
    {
        await PutAll("ending", Enumerable.Range(0, 60).Select(i => ($"{Day}/28/lb-{i:D2}.log", Log(1000, i * 1000))));
        var state = Path.Combine(_folder.Path, "ending.state");
        using var stop = new CancellationTokenSource();
        Logstash.OnAccepted = _ =>
        {
            if (Logstash.EventsReceived >= 3000) stop.Cancel();
        };

        var result = await CommandRunner.Run(Variables(), stop.Token, isTerminal: true, "backfill", "s3://ending/AWSLogs/", "--state", state,
            "--parallel", "1");

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        var ending = Ending(result.Diagnostics, "backfill: interrupted after ");
        Assert.InRange(ending.Length, 8, 24);                                        // one screen
        Assert.All(ending, l => Assert.True(l.Length <= 80, $"wider than the terminal: {l}"));
        Assert.DoesNotContain(ending, l => l.Contains("error:", StringComparison.Ordinal));
        Assert.DoesNotContain(ending, l => l.TrimStart().StartsWith('{'));          // no JSON for a person
        Assert.DoesNotContain("_aws", result.Diagnostics);
        Assert.DoesNotContain("\"ElbLogProcessor summary\"", result.Diagnostics);
        Assert.Matches(@"^  location +s3://ending/AWSLogs/$", ending[1]);
        Assert.Matches(@"^  objects +60: \d+ not started, \d+ completed(, 1 interrupted)?$", ending[2]);
        Assert.Matches(@"^  lines +[\d,]+ \([\d,]+ lines/s\)$", ending[3]);
        Assert.Matches(@"^  events sent +[\d,]+$", ending[4]);
        Assert.Equal("events failed 0", string.Join(' ', ending[5].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Matches(@"^not completed \(first 10 of \d\d\):$", ending[6]);
        Assert.All(ending[7..17], l => Assert.Matches(@"^  (\.\.\.)?[^ ]*/28/lb-\d\d\.log +(Interrupted +stopped before line \d+|NotStarted +not started) *$", l));
        Assert.Matches(@"^  \.\.\. and \d\d more$", ending[17]);
        Assert.Equal($"run the same command again to resume from {state}", ending[18]);
        Assert.Equal(19, ending.Length);
    }

    [Fact]
    public async Task Lines_left_out_by_a_rule_are_counted_per_object_in_the_results_and_in_the_ending()
    {
        // Each object: 10 lines, every third one a 503.
        static byte[] Mixed(int first) => System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(first, 10).Select(i =>
            (i % 3 == 0 ? LogLines.Classic.Replace(" 200 200 ", " 503 503 ", StringComparison.Ordinal) : LogLines.Classic) + "\n")));
        await PutAll("left-out", [($"{Day}/28/lb-a.log", Mixed(0)), ($"{Day}/28/lb-b.log", Mixed(10))]);
        var resultsFile = Path.Combine(_folder.Path, "filtered.results");
        var rules = Variables().With(("DROP_WHEN", "elb_status_code=5xx"));

        var json = await CommandRunner.Run(rules, "backfill", "s3://left-out/AWSLogs/", "--results", resultsFile);
        Assert.True(json.ExitCode == 0, json.Diagnostics);
        Assert.Equal(7, json.Summary.GetProperty("LeftOut").GetInt64());   // 0, 3, 6, 9; 12, 15, 18
        Assert.Equal(13, Logstash.EventIds.Count);
        var results = File.ReadAllLines(resultsFile).Select(l => JsonSerializer.Deserialize(l, BackfillJsonContext.Default.ObjectResult)!).ToList();
        Assert.Equal([4L, 3L], results.Select(r => r.LeftOut));

        var terminal = await CommandRunner.Run(rules, CancellationToken.None, isTerminal: true, "backfill", "s3://left-out/AWSLogs/");
        var ending = Ending(terminal.Diagnostics, "backfill: done in ");
        Assert.Contains(ending, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^  left out +7 \(elb_status_code=5xx: 7\)$"));
    }

    [Fact]
    public async Task In_json_mode_the_results_line_lists_at_most_a_hundred_and_the_results_file_every_object()
    {
        await PutAll("capped", Enumerable.Range(0, 130).Select(i => ($"{Day}/28/vended-{i:D3}.json", "{\"type\":\"http\"}\n"u8.ToArray()))
            .Append(($"{Day}/28/access.log", Log(10, 0))));
        var results = Path.Combine(_folder.Path, "capped.results");

        // --json on a terminal: the same as when stderr is not one.
        var result = await CommandRunner.Run(Variables(), CancellationToken.None, isTerminal: true, "backfill", "s3://capped/", "--json",
            "--results", results);

        Assert.True(result.ExitCode == 0, result.Diagnostics);                      // objects that are not logs are not a failure
        var report = Report(result);
        Assert.Equal(131, report.Objects);
        Assert.Equal(new Dictionary<string, int> { [nameof(ObjectOutcome.Completed)] = 1, [nameof(ObjectOutcome.NotALog)] = 130 }, report.Outcomes);
        Assert.Equal(BackfillReport.Listed, report.NotCompleted.Length);
        Assert.Equal(30, report.NotCompletedNotListed);
        Assert.Equal(results, report.ResultsFile);
        Assert.Equal(report.NotCompleted.Select(r => r.Key).Order(StringComparer.Ordinal), report.NotCompleted.Select(r => r.Key));
        var lines = File.ReadAllLines(results).Select(l => JsonSerializer.Deserialize(l, BackfillJsonContext.Default.ObjectResult)!).ToList();
        Assert.Equal(131, lines.Count);
        Assert.Single(lines, r => r.Outcome == ObjectOutcome.Completed && r.Key.EndsWith("access.log", StringComparison.Ordinal) && r.Lines == 10);
        Assert.All(lines.Where(r => r.Outcome == ObjectOutcome.NotALog), r => Assert.Contains("JSON", r.Reason));
        Assert.Contains("\"ElbLogProcessor summary\"", result.Diagnostics);
        Assert.DoesNotContain("_aws", result.Diagnostics);                           // the metrics twin is for Lambda

        // With EMIT_METRICS=true it is written here too.
        var withMetrics = await CommandRunner.Run(Variables().With(("EMIT_METRICS", "true")), "backfill", "s3://capped/", "--include", "access.log");
        Assert.Contains("{\"_aws\":{", withMetrics.Diagnostics);
    }

    [Fact]
    public async Task A_backfill_that_finds_nothing_says_so_and_one_whose_objects_are_all_skipped_says_by_which_filter()
    {
        await PutAll("filtered", [($"{Day}/28/a.log", Log(5, 0)), ($"{Day}/28/b.log", Log(5, 5)), ($"{Day}/28/conn_log_c.log", Log(5, 10))]);

        var nothing = await CommandRunner.Run(Variables(), "backfill", "s3://filtered/AWSLogs/", "--from", "2026-10-01", "--to", "2026-10-02");
        Assert.Equal(0, nothing.ExitCode);
        Assert.Equal("no objects under s3://filtered/AWSLogs/ from 2026-10-01 to 2026-10-02: nothing to send (check the prefix and the days)\n",
            nothing.Diagnostics);

        var typo = await CommandRunner.Run(Variables(), "backfill", "s3://filtered/AWSLgos/");
        Assert.Equal("no objects under s3://filtered/AWSLgos/: nothing to send (check the prefix and the days)\n", typo.Diagnostics);

        var skipped = await CommandRunner.Run(Variables(), "backfill", "s3://filtered/", "--include", "*.gz", "--exclude", "b.*");
        Assert.Equal(0, skipped.ExitCode);
        Assert.Equal("no objects to send: all 3 objects under s3://filtered/ were skipped by --include '*.gz' (3)\n", skipped.Diagnostics);

        var excluded = await CommandRunner.Run(Variables(), "backfill", "s3://filtered/", "--exclude", "*.log");
        Assert.Equal("no objects to send: all 3 objects under s3://filtered/ were skipped by --exclude '*.log' (3)\n", excluded.Diagnostics);
        Assert.Equal(0, Logstash.EventsReceived);
    }

    [Fact]
    public async Task On_a_terminal_replay_ends_with_a_table_of_what_was_left_in_the_queue()
    {
        await PutAll("replayed", [($"{Day}/26/a.log", Log(30, 0))]);
        var failures = _sqs.QueueUrl("elb-log-processor-failures-terminal");
        _sqs.Put(failures, FailureRecord(S3Events.Put("replayed", $"{Day}/26/a.log")));
        var missing = _sqs.Put(failures, FailureRecord(S3Events.Put("replayed", $"{Day}/26/gone.log")));
        var foreign = _sqs.Put(failures, "{\"hello\":\"world\"}");

        var result = await CommandRunner.Run(Variables(), CancellationToken.None, isTerminal: true, "replay", failures);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("{\"", result.Diagnostics);                             // no JSON for a person
        Assert.DoesNotContain("error:", result.Diagnostics);                           // the reasons are in the table
        var ending = Ending(result.Diagnostics, "replay: finished, with messages left, in ");
        Assert.Equal($"queue {failures}", string.Join(' ', ending[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("messages 3: 1 replayed, 1 failed again, 1 not understood, 0 not reached",
            string.Join(' ', ending[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("lines 30", string.Join(' ', ending[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("left in the queue:", ending[6]);
        // 80 columns: the ids' last digits, and the reasons' start and end.
        Assert.True(ending.Any(l => l.Contains(missing[^16..], StringComparison.Ordinal) && l.Contains("FailedAgain") &&
                                    l.EndsWith("byte 0: no such object", StringComparison.Ordinal)), string.Join('\n', ending));
        Assert.Contains(ending, l => l.Contains(foreign[^16..], StringComparison.Ordinal) && l.Contains("NotUnderstood"));
        Assert.All(ending[7..9], l => Assert.True(l.Length <= 80, l));
        Assert.Equal("the messages left are visible in the queue again: run the same command again to retry them", ending[^2]);
    }

    /// <summary>Lambda's on-failure destination record of an asynchronous invocation that failed.</summary>
    private static string FailureRecord(string originalEvent) => $$"""
        {"version":"1.0","timestamp":"2026-11-28T10:00:00.000Z",
         "requestContext":{"requestId":"{{Guid.NewGuid()}}","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:elb-log-processor:$LATEST",
                           "condition":"RetriesExhausted","approximateInvokeCount":3},
         "requestPayload":{{originalEvent}},
         "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
         "responsePayload":{"errorType":"DeliveryFailed","errorMessage":"Logstash refused events"} }
        """;

    [Fact]
    public async Task Replay_deletes_only_the_messages_whose_events_were_delivered()
    {
        await PutAll("replayed", [($"{Day}/28/a.log", Log(30, 0)), ($"{Day}/28/b.log", Log(20, 100)), ($"{Day}/28/c d.log", Log(5, 200))]);
        var failures = _sqs.QueueUrl("elb-log-processor-failures");
        _sqs.Put(failures, FailureRecord(S3Events.Put("replayed", $"{Day}/28/a.log", $"{Day}/28/b.log")));
        var missing = _sqs.Put(failures, FailureRecord(S3Events.Put("replayed", $"{Day}/28/gone.log")));
        _sqs.Put(failures, S3Events.Put("replayed", $"{Day}/28/c d.log"));   // the continuation queue's redrive
        var foreign = _sqs.Put(failures, "{\"hello\":\"world\"}");

        var result = await CommandRunner.Run(Variables(), "replay", failures);

        Assert.Equal(1, result.ExitCode);
        var report = JsonSerializer.Deserialize(result.Diagnostics.Split('\n').Single(l => l.Contains("replay summary")),
            Replay.ReplayJsonContext.Default.ReplayReport)!;
        Assert.Equal((4, 2, 1, 1, 0), (report.Messages, report.Replayed, report.FailedAgain, report.NotUnderstood, report.NotReached));
        Assert.Equal([missing], report.FailedAgainMessageIds);
        Assert.Equal([foreign], report.NotUnderstoodMessageIds);
        Assert.Equal(55, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
        var left = _sqs.Messages(failures);
        Assert.Equal(2, left.Count);
        Assert.Contains(left, b => b.Contains("gone.log", StringComparison.Ordinal));
        Assert.Contains(left, b => b.Contains("hello", StringComparison.Ordinal));

        // What was left is visible again at once: a second replay sees the same two and deletes nothing.
        var again = await CommandRunner.Run(Variables(), "replay", failures);
        Assert.Contains("\"Messages\":2,\"Replayed\":0,", again.Diagnostics);
        Assert.Equal(2, _sqs.Messages(failures).Count);
        Assert.Equal(55, Logstash.EventIds.Count);
    }

    [Fact]
    public async Task Replay_leaves_in_the_queue_an_event_naming_a_bucket_not_in_log_buckets()
    {
        var failures = _sqs.QueueUrl("elb-log-processor-failures-foreign");
        var function = _sqs.QueueUrl("elb-log-processor-continuations-foreign");
        var foreign = _sqs.Put(failures, FailureRecord(S3Events.Put("someone-elses", $"{Day}/28/secrets.log")));
        var ours = Variables().With(("LOG_BUCKETS", "replayed"));

        foreach (var via in new[] { Array.Empty<string>(), ["--via-queue", function] })
        {
            var result = await CommandRunner.Run(ours, ["replay", failures, .. via]);
            Assert.Equal(1, result.ExitCode);
            var report = JsonSerializer.Deserialize(result.Diagnostics.Split('\n').Single(l => l.Contains("replay summary")),
                Replay.ReplayJsonContext.Default.ReplayReport)!;
            Assert.Equal([foreign], report.FailedAgainMessageIds);
            if (via.Length == 0)   // replayed here: the summary says why (through the queue, the report names the message)
                Assert.Contains(result.Summary.GetProperty("LastFailures").EnumerateArray(), f => f.GetString()!.EndsWith(
                    "bucket 'someone-elses' is not one of LOG_BUCKETS (replayed): refused, nothing of it read", StringComparison.Ordinal));
            Assert.Single(_sqs.Messages(failures));
            Assert.Empty(_sqs.Messages(function));
        }
    }

    [Fact]
    public async Task Replay_via_queue_hands_each_original_event_to_the_function_queue()
    {
        var failures = _sqs.QueueUrl("elb-log-processor-failures");
        var function = _sqs.QueueUrl("elb-log-processor-continuations");
        var original = S3Events.Put("replayed", $"{Day}/27/x.log");
        _sqs.Put(failures, FailureRecord(original));

        var result = await CommandRunner.Run(Variables(), "replay", failures, "--via-queue", function);

        Assert.True(result.ExitCode == 0, result.Diagnostics);
        Assert.Empty(_sqs.Messages(failures));
        var sent = Assert.Single(_sqs.Messages(function));
        Assert.Equal(JsonDocument.Parse(original).RootElement.GetRawText(), JsonDocument.Parse(sent).RootElement.GetRawText());
        Assert.Equal(0, Logstash.EventsReceived);
    }
}
