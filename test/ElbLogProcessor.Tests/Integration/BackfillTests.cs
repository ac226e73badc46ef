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
public sealed class BackfillTests(BackfillFixture s3rver) : IClassFixture<BackfillFixture>, IAsyncLifetime
{
    private const string Day = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11";
    private LogstashContractServer _logstash = null!;
    private SqsStandIn _sqs = null!;
    private readonly TempFolder _folder = new("elb-backfill-");

    public async Task InitializeAsync()
    {
        _logstash = await LogstashContractServer.StartAsync();
        _sqs = await SqsStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _logstash.DisposeAsync();
        await _sqs.DisposeAsync();
        _folder.Dispose();
    }

    private Variables Variables() => new(("LOGSTASH_URL", _logstash.Url.ToString()), ("AWS_ENDPOINT_URL_S3", s3rver.Server.Endpoint.ToString()),
        ("AWS_ENDPOINT_URL_SQS", _sqs.Endpoint.ToString()), ("AWS_ACCESS_KEY_ID", S3rverProcess.AccessKey),
        ("AWS_SECRET_ACCESS_KEY", S3rverProcess.SecretKey), ("LOGSTASH_RETRY_BASE_DELAY_MS", "10"), ("BATCH_MAX_EVENTS", "100"));

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
        Assert.Equal(1050, Report(result).Outcomes[ObjectResult.Completed]);
        Assert.Equal(2100, _logstash.EventIds.Count);
        Assert.All(_logstash.EventIds, id => Assert.Equal(1, id.Value));
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
        Assert.Equal(4, Report(result).Outcomes[ObjectResult.Completed]);    // 22, 23, 24 in us-east-1, 23 in eu-west-1
        Assert.Equal(40, _logstash.EventIds.Count);
        foreach (var (key, _) in objects)
        {
            bool inRange = key.Contains("/2026/11/22/") || key.Contains("/2026/11/23/") || key.Contains("/2026/11/24/");
            Assert.Equal(inRange, _logstash.EventIds.ContainsKey(Events.LogSource.ForS3("days", key, eTags[key], null).EventIdFor(0)));
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
    public async Task A_stopped_backfill_resumes_from_its_state_and_sends_every_line_exactly_once()
    {
        await PutAll("resume", Enumerable.Range(0, 12).Select(i => ($"{Day}/28/lb-{i:D2}{(i % 3 == 0 ? ".log.gz" : ".log")}",
            i % 3 == 0 ? Gzip.Compress(Log(3000, i * 3000)) : Log(3000, i * 3000))));
        var state = Path.Combine(_folder.Path, "resume.state");
        using var stop = new CancellationTokenSource();
        _logstash.OnAccepted = _ =>
        {
            if (_logstash.EventsReceived >= 9000) stop.Cancel();   // Ctrl+C about a quarter of the way
        };

        var first = await CommandRunner.Run(Variables(), stop.Token, "backfill", "s3://resume/AWSLogs/", "--state", state, "--parallel", "2");
        Assert.Equal(ExitCodes.Interrupted, first.ExitCode);
        var stopped = Report(first);
        Assert.True(stopped.Outcomes.GetValueOrDefault(ObjectResult.Interrupted) + stopped.Outcomes.GetValueOrDefault(ObjectResult.NotStarted) > 0);
        long afterStop = _logstash.EventsReceived;
        Assert.InRange(afterStop, 9000, 35_999);
        Assert.Contains("\"ElbLogProcessor summary\"", first.Diagnostics);   // the summary is written on a stop too

        _logstash.OnAccepted = null;
        var second = await CommandRunner.Run(Variables(), "backfill", "s3://resume/AWSLogs/", "--state", state, "--parallel", "2");
        Assert.True(second.ExitCode == 0, second.Diagnostics);
        Assert.Equal(36_000, _logstash.EventIds.Count);                       // every line ...
        Assert.All(_logstash.EventIds, id => Assert.Equal(1, id.Value));        // ... exactly once in total
        Assert.True(Report(second).Outcomes.GetValueOrDefault(ObjectResult.AlreadyDone) > 0);

        var third = await CommandRunner.Run(Variables(), "backfill", "s3://resume/AWSLogs/", "--state", state);
        Assert.Equal(12, Report(third).Outcomes[ObjectResult.AlreadyDone]);     // nothing left to send
        Assert.Equal(36_000, _logstash.EventsReceived);
    }

    [Fact]
    public async Task A_changed_object_is_sent_again_and_an_unchanged_one_is_not()
    {
        await PutAll("changed", [($"{Day}/28/a.log", Log(10, 0)), ($"{Day}/28/b.log", Log(10, 100))]);
        var state = Path.Combine(_folder.Path, "changed.state");
        Assert.Equal(0, (await CommandRunner.Run(Variables(), "backfill", "s3://changed/", "--state", state)).ExitCode);
        Assert.Equal(20, _logstash.EventsReceived);

        await s3rver.Server.PutAsync("changed", $"{Day}/28/b.log", Log(15, 200));   // a new version: a new ETag
        var again = await CommandRunner.Run(Variables(), "backfill", "s3://changed/", "--state", state);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(new Dictionary<string, int> { [ObjectResult.AlreadyDone] = 1, [ObjectResult.Completed] = 1 }, Report(again).Outcomes);
        Assert.Equal(35, _logstash.EventsReceived);
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
        Assert.Equal(25, Report(result).Outcomes[ObjectResult.Queued]);
        Assert.Equal(0, _logstash.EventsReceived);                                     // nothing read here
        Assert.Equal(3, _sqs.Calls["SendMessageBatch"] - 1);                             // 10 + 10 + 5, and one resend
        var messages = _sqs.Messages(queue);
        Assert.Equal(25, messages.Count);
        var named = messages.Select(m => Assert.Single(InvocationEventParser.Parse(S3Events.SqsWrapped(m)))).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), named.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.All(named, o => Assert.Equal(("queued", 1L), (o.Bucket, o.LineNumber)));
        Assert.All(named, o => Assert.False(string.IsNullOrEmpty(o.ETag)));
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
        Assert.Equal(new Dictionary<string, int> { [ObjectResult.Completed] = 2, [ObjectResult.NotALog] = 1, [ObjectResult.TestObject] = 1 }, report.Outcomes);
        Assert.Contains(report.NotCompleted, r => r.Outcome == ObjectResult.NotALog && r.Reason!.Contains("JSON"));

        var onlyConnections = await CommandRunner.Run(Variables(), "backfill", "s3://kinds/", "--include", "conn_log_*", "--dry-run");
        Assert.Equal(0, onlyConnections.ExitCode);
        var listed = Assert.Single(onlyConnections.Events);
        Assert.StartsWith($"{Day}/28/conn_log_", listed.GetProperty("Key").GetString());
        Assert.Contains("\"Objects\":1,", onlyConnections.Diagnostics);
        Assert.Equal(13, _logstash.EventsReceived);                         // the dry run sent nothing

        var noAccess = await CommandRunner.Run(Variables(), "backfill", "s3://kinds/", "--exclude", "*.log", "--exclude", "*.json", "--dry-run");
        Assert.Single(noAccess.Events);
    }

    [Fact]
    public async Task Without_a_terminal_progress_is_a_json_line_every_interval_ending_with_everything_done()
    {
        await PutAll("progress", Enumerable.Range(0, 6).Select(i => ($"{Day}/28/lb-{i}.log", Log(4000, i * 4000))));
        _logstash.Stall = TimeSpan.FromMilliseconds(20);

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
        Assert.Equal(55, _logstash.EventIds.Count);
        Assert.All(_logstash.EventIds, id => Assert.Equal(1, id.Value));
        var left = _sqs.Messages(failures);
        Assert.Equal(2, left.Count);
        Assert.Contains(left, b => b.Contains("gone.log", StringComparison.Ordinal));
        Assert.Contains(left, b => b.Contains("hello", StringComparison.Ordinal));

        // What was left is visible again at once: a second replay sees the same two and deletes nothing.
        var again = await CommandRunner.Run(Variables(), "replay", failures);
        Assert.Contains("\"Messages\":2,\"Replayed\":0,", again.Diagnostics);
        Assert.Equal(2, _sqs.Messages(failures).Count);
        Assert.Equal(55, _logstash.EventIds.Count);
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
        Assert.Equal(0, _logstash.EventsReceived);
    }
}
