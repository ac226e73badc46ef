using System.Text.Json;
using ElbLogProcessor.Hosting;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The Lambda handler against objects on disk (<see cref="LocalObjectStore"/>) and a
/// Logstash-contract server: deadlines, continuation hand-overs, failure semantics.
/// </summary>
public sealed class InvocationProcessorTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("elb-invoke-").FullName;
    private LogstashContractServer _server = null!;

    public async Task InitializeAsync() => _server = await LogstashContractServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A clock that moves one second each time it is read: the deadline comes after a known number of batches.</summary>
    private static FakeTimeProvider SteppingClock(DateTimeOffset start) => new(start) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

    private Settings Settings(params (string, string)[] extra)
    {
        var variables = new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = _server.Url.ToString(), ["BATCH_MAX_EVENTS"] = "100", ["DEADLINE_MARGIN_SECONDS"] = "30",
            ["LOGSTASH_RETRY_BASE_DELAY_MS"] = "10",
        };
        foreach (var (name, value) in extra) variables[name] = value;
        return Hosting.Settings.FromEnvironment(name => variables.GetValueOrDefault(name));
    }

    private string PutObject(string key, byte[] content)
    {
        var path = Path.Combine(_root, "logs", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return key;
    }

    private static byte[] ClassicLog(int lines) =>
        System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, lines).Select(i => ShippingTests.ClassicLine(i) + "\n")));

    private static string S3Event(params string[] keys) => JsonSerializer.Serialize(new
    {
        Records = keys.Select(key => new
        {
            eventSource = "aws:s3", eventName = "ObjectCreated:Put",
            s3 = new { bucket = new { name = "logs" }, @object = new { key = Uri.EscapeDataString(key).Replace("%20", "+"), eTag = "etag-" + key.Length } },
        }),
    });

    private InvocationProcessor Processor(Settings settings, IContinuationQueue? queue, TimeProvider clock, TextWriter log, HttpClient client) =>
        new(settings, new LocalObjectStore(_root), client, queue, Stream.Null, log, clock);

    /// <summary>Runs the event, then every continuation it leaves, as SQS would deliver them.</summary>
    private async Task<(int Invocations, List<InvocationResult> Results)> RunToTheEnd(string eventJson, Settings settings, int secondsPerInvocation)
    {
        using var client = Shipping.LogstashHttp.CreateClient(settings.Logstash!);
        var results = await Continuations.RunToTheEndAsync(
            (clock, queue) => Processor(settings, queue, clock, TextWriter.Null, client), eventJson, secondsPerInvocation);
        return (results.Count, results);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hand_over_under_a_short_deadline_delivers_every_line_exactly_once(bool gzip)
    {
        var log = ClassicLog(5000);
        var key = PutObject(gzip ? "AWSLogs/app log.gz" : "AWSLogs/classic log", gzip ? Gzip.Compress(
            System.Text.Encoding.UTF8.GetString(log[..(log.Length / 2)]), System.Text.Encoding.UTF8.GetString(log[(log.Length / 2)..])) : log);

        var (invocations, results) = await RunToTheEnd(S3Event(key), Settings(), secondsPerInvocation: 12);

        Assert.InRange(invocations, 4, 100);
        Assert.Equal(5000, _server.EventIds.Count);
        Assert.All(_server.EventIds, id => Assert.Equal(1, id.Value));     // none twice
        Assert.Equal(5000, _server.EventsReceived);
        var first = JsonDocument.Parse(results[0].SummaryJson).RootElement;
        Assert.True(first.GetProperty("ContinuationSent").GetBoolean());
        Assert.Contains($"s3://logs/{key} from line ", first.GetProperty("StoppedAt")[0].GetString());

        // The ids are those of one uninterrupted run: a redelivery would overwrite, not duplicate.
        var continuedIds = _server.EventIds.Keys.ToHashSet();
        _server.EventIds.Clear();
        await RunToTheEnd(S3Event(key), Settings(), secondsPerInvocation: 10_000);
        Assert.Equal(continuedIds, _server.EventIds.Keys.ToHashSet());
    }

    [Fact]
    public async Task Objects_not_yet_started_are_handed_over_too()
    {
        var keys = new[] { PutObject("a.log", ClassicLog(300)), PutObject("b.log", ClassicLog(300)), PutObject("c.log", ClassicLog(300)) };
        var (invocations, _) = await RunToTheEnd(S3Event(keys), Settings(), secondsPerInvocation: 2);
        Assert.True(invocations > 3);
        Assert.Equal(900, _server.EventIds.Count);
        Assert.All(_server.EventIds, id => Assert.Equal(1, id.Value));
    }

    [Fact]
    public async Task Without_a_continuation_queue_the_invocation_fails_saying_where_it_stopped()
    {
        var key = PutObject("big.log", ClassicLog(2000));
        var log = new StringWriter();
        using var client = Shipping.LogstashHttp.CreateClient(Settings().Logstash!);
        var result = await Processor(Settings(), null, SteppingClock(DateTimeOffset.UnixEpoch), log, client)
            .HandleAsync(S3Event(key), DateTimeOffset.UnixEpoch.AddSeconds(35), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("TimeRanOut", result.ErrorType);
        Assert.Matches(@"stopped at s3://logs/big\.log from line \d+ \(byte \d+\)", result.ErrorMessage);
        var summary = JsonDocument.Parse(result.SummaryJson).RootElement;
        Assert.False(summary.GetProperty("ContinuationSent").GetBoolean());
        Assert.Equal(_server.EventsReceived, summary.GetProperty("EventsSent").GetInt64());
        Assert.Contains("ElbLogProcessor summary", log.ToString());   // logged before failing
    }

    [Fact]
    public async Task Undelivered_events_fail_the_invocation_after_logging_the_summary()
    {
        _server.Faults = _ => Fault.InternalError;
        var key = PutObject("x.log", ClassicLog(150));
        var settings = Settings(("LOGSTASH_MAX_ATTEMPTS", "2"));
        var log = new StringWriter();
        using var client = Shipping.LogstashHttp.CreateClient(settings.Logstash!);
        var result = await Processor(settings, null, TimeProvider.System, log, client)
            .HandleAsync(S3Event(key), DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("EventsNotDelivered", result.ErrorType);
        Assert.Equal("150 of 150 events were not delivered", result.ErrorMessage);
        Assert.Contains("\"EventsFailed\":150", log.ToString());
    }

    [Fact]
    public async Task A_missing_object_fails_the_invocation_and_the_others_are_still_read()
    {
        var key = PutObject("present.log", ClassicLog(10));
        using var client = Shipping.LogstashHttp.CreateClient(Settings().Logstash!);
        var result = await Processor(Settings(), null, TimeProvider.System, TextWriter.Null, client)
            .HandleAsync(S3Event("absent.log", key), DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal("ObjectsNotRead", result.ErrorType);
        Assert.Equal(10, _server.EventIds.Count);
        Assert.Contains("absent.log", JsonDocument.Parse(result.SummaryJson).RootElement.GetProperty("LastFailures")[0].GetString());
    }

    [Fact]
    public async Task An_unsupported_event_fails_with_its_reason()
    {
        using var client = Shipping.LogstashHttp.CreateClient(Settings().Logstash!);
        var result = await Processor(Settings(), null, TimeProvider.System, TextWriter.Null, client)
            .HandleAsync("{\"hello\":1}", DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal("UnsupportedEvent", result.ErrorType);
    }

    [Fact]
    public async Task Key_with_spaces_and_plus_is_decoded_and_named_in_the_source()
    {
        var key = PutObject("dir/a b+c.log", ClassicLog(3));
        using var client = Shipping.LogstashHttp.CreateClient(Settings().Logstash!);
        var result = await Processor(Settings(), null, TimeProvider.System, TextWriter.Null, client)
            .HandleAsync(S3Event(key), DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);
        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(3, _server.EventIds.Count);
    }
}

/// <summary>A Logstash that never answers must not make the invocation die silently at its deadline.</summary>
public sealed class DeadlineHardStopTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("elb-hardstop-").FullName;
    private LogstashContractServer _server = null!;
    private readonly TaskCompletionSource _never = new();

    public async Task InitializeAsync()
    {
        _server = await LogstashContractServer.StartAsync();
        _server.HoldUntil = _never.Task;
    }

    public async Task DisposeAsync()
    {
        _never.TrySetResult();
        await _server.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task In_flight_events_are_given_up_before_the_deadline_and_counted()
    {
        Directory.CreateDirectory(Path.Combine(_root, "logs"));
        await File.WriteAllTextAsync(Path.Combine(_root, "logs", "a.log"),
            string.Concat(Enumerable.Range(0, 3000).Select(i => ShippingTests.ClassicLine(i) + "\n")));
        var variables = new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = _server.Url.ToString(), ["BATCH_MAX_EVENTS"] = "100", ["DEADLINE_MARGIN_SECONDS"] = "1",
            ["LOGSTASH_SENDERS"] = "2", ["LOGSTASH_QUEUE_CAPACITY"] = "2", ["LOGSTASH_REQUEST_TIMEOUT_SECONDS"] = "600",
        };
        var settings = Settings.FromEnvironment(name => variables.GetValueOrDefault(name));
        using var client = Shipping.LogstashHttp.CreateClient(settings.Logstash!);
        var log = new StringWriter();
        var processor = new InvocationProcessor(settings, new LocalObjectStore(_root), client, null, Stream.Null, log);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await processor.HandleAsync(
            JsonSerializer.Serialize(new { Records = new[] { new { eventSource = "aws:s3", eventName = "ObjectCreated:Put",
                s3 = new { bucket = new { name = "logs" }, @object = new { key = "a.log" } } } } }),
            DateTimeOffset.UtcNow.AddSeconds(4), CancellationToken.None);

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(4));     // answered before the deadline
        Assert.False(result.Succeeded);
        var summary = JsonDocument.Parse(result.SummaryJson).RootElement;
        long read = summary.GetProperty("Lines").GetInt64();
        Assert.True(read > 0);
        Assert.Equal(0, summary.GetProperty("EventsSent").GetInt64());
        Assert.Equal(read, summary.GetProperty("EventsFailed").GetInt64());          // every line read is accounted for
        Assert.Contains("ElbLogProcessor summary", log.ToString());
    }
}
