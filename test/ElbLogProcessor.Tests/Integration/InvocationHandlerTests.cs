using System.Text.Json;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The Lambda handler against objects on disk (<see cref="LocalObjectStore"/>) and a
/// Logstash-contract server: deadlines, continuation hand-overs, failure semantics. Time passes
/// only as Logstash accepts batches: one second each.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class InvocationHandlerTests : WithLogstash
{
    private readonly TempFolder _root = new("elb-invoke-");
    private readonly HandOverDriver _driver = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Logstash.OnAccepted = _ => _driver.Clock.Advance(TimeSpan.FromSeconds(1));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Dispose();
    }

    private Variables Variables(params (string, string)[] extra) =>
        LogstashVariables(("BATCH_MAX_EVENTS", "100"), ("DEADLINE_MARGIN_SECONDS", "30")).With(extra);

    private string PutObject(string key, byte[] content)
    {
        _root.Write(Path.Combine("logs", key), content);
        return key;
    }

    private Task<Hosting.InvocationServices> Start(Variables variables, bool withQueue = true, StringWriter? log = null, IHandOverQueue? queue = null) =>
        TestHost.StartAsync(variables, new LocalObjectStore(_root.Path), queue ?? (withQueue ? _driver : null), _driver.Clock, log);

    private Task<InvocationResult> InvokeOnce(Hosting.InvocationServices services, string eventJson, int secondsBeforeMargin, int margin = 30) =>
        services.Handler.HandleAsync(eventJson, _driver.Clock.GetUtcNow().AddSeconds(margin + secondsBeforeMargin), CancellationToken.None);

    private static JsonElement Summary(InvocationResult result) => JsonDocument.Parse(result.Summary.ToJson()).RootElement;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hand_over_under_a_short_deadline_delivers_every_line_exactly_once(bool gzip)
    {
        var log = LogLines.ClassicLog(5000);
        var key = PutObject(gzip ? "AWSLogs/app log.gz" : "AWSLogs/classic log", gzip
            ? [.. Gzip.Compress(log[..(log.Length / 2)]), .. Gzip.Compress(log[(log.Length / 2)..])]
            : log);
        using var services = await Start(Variables());

        var results = await _driver.RunToTheEndAsync(services.Handler, S3Events.Put("logs", key), secondsPerInvocation: 12);

        Assert.InRange(results.Count, 3, 100);
        Assert.Equal(5000, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));     // none twice
        Assert.Equal(5000, Logstash.EventsReceived);
        var first = Summary(results[0]);
        Assert.True(first.GetProperty("ContinuationSent").GetBoolean());
        Assert.Contains($"s3://logs/{key} from line ", first.GetProperty("StoppedAt")[0].GetString());
        // A hand-over is not a failure: it has its own counter.
        Assert.Equal((1, 0, 1), (first.GetProperty("Sources").GetInt32(), first.GetProperty("SourcesFailed").GetInt32(),
            first.GetProperty("SourcesHandedOver").GetInt32()));

        // The ids are those of one uninterrupted run: a redelivery would overwrite, not duplicate.
        var continuedIds = Logstash.EventIds.Keys.ToHashSet();
        Logstash.EventIds.Clear();
        var whole = await _driver.RunToTheEndAsync(services.Handler, S3Events.Put("logs", key), secondsPerInvocation: 10_000);
        Assert.Single(whole);
        Assert.Equal(continuedIds, Logstash.EventIds.Keys.ToHashSet());
    }

    [Fact]
    public async Task Objects_not_yet_started_are_handed_over_too()
    {
        var keys = new[] { PutObject("a.log", LogLines.ClassicLog(300)), PutObject("b.log", LogLines.ClassicLog(300)), PutObject("c.log", LogLines.ClassicLog(300)) };
        // One sender and a queue of one: reading runs at most three batches ahead of the clock.
        using var services = await Start(Variables(("LOGSTASH_SENDERS", "1"), ("LOGSTASH_QUEUE_CAPACITY", "1")));
        var results = await _driver.RunToTheEndAsync(services.Handler, S3Events.Put("logs", keys), secondsPerInvocation: 2);
        Assert.InRange(results.Count, 3, 9);
        Assert.Contains("s3://logs/c.log from line 1 (byte 0)", HandOverDriver.Summary(results[0]).GetProperty("StoppedAt").ToString());
        Assert.Equal(900, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
    }

    [Fact]
    public async Task A_margin_that_leaves_no_time_fails_the_invocation_and_sends_no_continuation()
    {
        var key = PutObject("big.log", LogLines.ClassicLog(2000));
        var log = new StringWriter();
        using var services = await Start(Variables(("DEADLINE_MARGIN_SECONDS", "30")), log: log);

        // The deadline is inside the margin from the start: handing over would repeat position 0 for ever.
        var result = await InvokeOnce(services, S3Events.Put("logs", key), secondsBeforeMargin: -25);

        Assert.False(result.Succeeded);
        Assert.Equal(InvocationError.NoProgress, result.Error);
        Assert.Contains("DEADLINE_MARGIN_SECONDS=30 s; the invocation had 5 s left", result.ErrorMessage);
        Assert.Contains("stopped at s3://logs/big.log from line 1 (byte 0)", result.ErrorMessage);
        Assert.Empty(_driver.Sent);
        Assert.Equal(0, Logstash.EventsReceived);
        var summary = Summary(result);
        Assert.Equal(1, summary.GetProperty("SourcesFailed").GetInt32());
        Assert.False(summary.GetProperty("ContinuationSent").GetBoolean());
        Assert.Contains("no line could be read before the deadline margin", summary.GetProperty("LastFailures")[0].GetString());
    }

    [Fact]
    public async Task Without_a_continuation_queue_the_invocation_fails_saying_where_it_stopped()
    {
        var key = PutObject("big.log", LogLines.ClassicLog(2000));
        var log = new StringWriter();
        using var services = await Start(Variables(), withQueue: false, log: log);
        var result = await InvokeOnce(services, S3Events.Put("logs", key), secondsBeforeMargin: 5);

        Assert.False(result.Succeeded);
        Assert.Equal(InvocationError.TimeRanOut, result.Error);
        Assert.Matches(@"stopped at s3://logs/big\.log from line \d+ \(byte \d+\)", result.ErrorMessage);
        var summary = Summary(result);
        Assert.False(summary.GetProperty("ContinuationSent").GetBoolean());
        Assert.Equal(Logstash.EventsReceived, summary.GetProperty("EventsSent").GetInt64());
        Assert.InRange(Logstash.EventsReceived, 100, 1999);
        Assert.Contains("ElbLogProcessor summary", log.ToString());   // logged before failing
    }

    [Fact]
    public async Task A_continuation_that_cannot_be_sent_fails_the_invocation_saying_so()
    {
        var key = PutObject("big.log", LogLines.ClassicLog(2000));
        var queue = new Moq.Mock<IHandOverQueue>();
        queue.Setup(q => q.SendAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>()))
            .Returns(Task.FromException(new HttpRequestException("Connection timed out (sqs.eu-west-1.amazonaws.com:443)")));
        using var services = await Start(Variables(), queue: queue.Object);

        var result = await InvokeOnce(services, S3Events.Put("logs", key), secondsBeforeMargin: 5);

        Assert.False(result.Succeeded);
        Assert.Equal(InvocationError.ContinuationNotSent, result.Error);
        Assert.Contains("the continuation could not be sent to CONTINUATION_QUEUE_URL (Connection timed out (sqs.eu-west-1.amazonaws.com:443))", result.ErrorMessage);
        Assert.False(Summary(result).GetProperty("ContinuationSent").GetBoolean());
    }

    [Fact]
    public async Task Undelivered_events_fail_the_invocation_after_logging_the_summary()
    {
        Logstash.Faults = _ => Fault.InternalError;
        var key = PutObject("x.log", LogLines.ClassicLog(150));
        var log = new StringWriter();
        using var services = await Start(Variables(("LOGSTASH_MAX_ATTEMPTS", "2")), log: log);
        var result = await InvokeOnce(services, S3Events.Put("logs", key), secondsBeforeMargin: 300);

        Assert.False(result.Succeeded);
        Assert.Equal(InvocationError.EventsNotDelivered, result.Error);
        Assert.Matches($@"^150 of 150 events not delivered to {Logstash.Url}: HTTP 500 [^(]*\(2 attempts over \d+ m?s\)$", result.ErrorMessage);
        Assert.Contains("\"EventsFailed\":150", log.ToString());
    }

    [Fact]
    public async Task A_missing_object_fails_the_invocation_is_counted_and_the_others_are_still_read()
    {
        var key = PutObject("present.log", LogLines.ClassicLog(10));
        using var services = await Start(Variables());
        var result = await InvokeOnce(services, S3Events.Put("logs", "absent.log", key), secondsBeforeMargin: 300);

        Assert.False(result.Succeeded);
        Assert.Equal(InvocationError.ObjectsNotRead, result.Error);
        Assert.Equal(10, Logstash.EventIds.Count);
        var summary = Summary(result);
        Assert.Equal((2, 1), (summary.GetProperty("Sources").GetInt32(), summary.GetProperty("SourcesFailed").GetInt32()));
        Assert.Contains("absent.log", summary.GetProperty("LastFailures")[0].GetString());
    }

    [Fact]
    public async Task An_unsupported_event_fails_with_its_reason()
    {
        using var services = await Start(Variables());
        var result = await InvokeOnce(services, "{\"hello\":1}", secondsBeforeMargin: 300);
        Assert.False(result.Succeeded);
        Assert.Equal(InvocationError.UnsupportedEvent, result.Error);
        Assert.Contains("neither an S3 notification", result.ErrorMessage);
    }

    [Fact]
    public async Task Key_with_spaces_and_plus_is_decoded_and_named_in_the_source()
    {
        var key = PutObject("dir/a b+c.log", LogLines.ClassicLog(3));
        using var services = await Start(Variables());
        var result = await InvokeOnce(services, S3Events.Put("logs", key), secondsBeforeMargin: 300);
        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(3, Logstash.EventIds.Count);
    }

    [Fact]
    public async Task An_sqs_message_that_cannot_be_read_fails_alone_and_the_others_are_delivered()
    {
        var a = PutObject("good-a.log", LogLines.ClassicLog(10, 0));
        var b = PutObject("good-b.log", LogLines.ClassicLog(20, 100));
        using var services = await Start(Variables());
        var batch = S3Events.SqsBatch(
            ("m-1", S3Events.Put("logs", a)),
            ("m-2", "this is not json"),
            ("m-3", "{\"detail-type\":\"Object Deleted\"}"),
            ("m-4", S3Events.Put("logs", b)));

        var result = await InvokeOnce(services, batch, secondsBeforeMargin: 300);

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(["m-2", "m-3"], result.BatchItemFailures);
        Assert.Equal(30, Logstash.EventIds.Count);
        var failures = Summary(result).GetProperty("LastFailures").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(failures, f => f.StartsWith("SQS message m-2 names nothing to read: the SQS body is not JSON", StringComparison.Ordinal));
        Assert.Contains("SQS message m-3 names nothing to read: EventBridge event 'Object Deleted' is not an S3 Object Created event", failures);
        Assert.StartsWith("SQS message m-2 names nothing to read: the SQS body is not JSON", result.ErrorMessage);
    }

    [Fact]
    public async Task An_sqs_batch_with_one_failing_object_names_exactly_that_message_for_retry()
    {
        var a = PutObject("a.log", LogLines.ClassicLog(10, 0));
        var b = PutObject("b.log", LogLines.ClassicLog(20, 100));
        var c = PutObject("c.log.gz", [.. Gzip.Compress(LogLines.ClassicLog(5, 200))[..40]]);   // cut short: cannot be read to its end
        using var services = await Start(Variables());
        var batch = S3Events.SqsBatch(
            ("m-1", S3Events.Put("logs", a)),
            ("m-2", S3Events.Put("logs", "absent.log")),
            ("m-3", S3Events.Put("logs", b)),
            ("m-4", S3Events.Put("logs", c)));

        var result = await InvokeOnce(services, batch, secondsBeforeMargin: 300);

        // A success for Lambda, naming only the messages to retry; the others are deleted from the queue.
        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(["m-2", "m-4"], result.BatchItemFailures);
        var response = JsonDocument.Parse(result.Response).RootElement;
        Assert.Equal(["m-2", "m-4"], response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        Assert.Equal(30, Logstash.EventIds.Count);
        var summary = Summary(result);
        Assert.Equal((4, 2), (summary.GetProperty("Sources").GetInt32(), summary.GetProperty("SourcesFailed").GetInt32()));

        // Lambda retries m-2 and m-4 alone: once the objects are there, nothing is left to retry and nothing is sent twice.
        PutObject("absent.log", LogLines.ClassicLog(7, 300));
        PutObject("c.log.gz", Gzip.Compress(LogLines.ClassicLog(5, 200)));
        var retry = await InvokeOnce(services, S3Events.SqsBatch(("m-2", S3Events.Put("logs", "absent.log")), ("m-4", S3Events.Put("logs", c))),
            secondsBeforeMargin: 300);
        Assert.Equal([], retry.BatchItemFailures);
        Assert.Equal(42, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
    }

    [Fact]
    public async Task An_sqs_batch_that_runs_out_of_time_hands_the_rest_over_and_retries_nothing()
    {
        var keys = Enumerable.Range(0, 4).Select(i => PutObject($"part-{i}.log", LogLines.ClassicLog(1000, i * 1000))).ToList();
        using var services = await Start(Variables());
        var batch = S3Events.SqsBatch([.. keys.Select((k, i) => ($"m-{i}", S3Events.Put("logs", k)))]);

        var results = await _driver.RunToTheEndAsync(services.Handler, batch, secondsPerInvocation: 15);

        Assert.Equal([], results[0].BatchItemFailures);                            // handed over, not failed
        Assert.True(Summary(results[0]).GetProperty("ContinuationSent").GetBoolean());
        Assert.True(results.Count > 1);
        Assert.Equal(4000, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
    }
}
