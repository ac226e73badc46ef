using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using Moq;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The handler reading real S3 requests from s3rver (npm), started by the tests themselves:
/// plain, gzip and multi-member gzip objects, encoded keys, wrapped events, dropped downloads.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class S3IntegrationTests(S3rverFixture s3rver) : WithLogstash, IClassFixture<S3rverFixture>
{
    private Variables Variables(Uri s3Endpoint) => LogstashVariables(("AWS_ENDPOINT_URL_S3", s3Endpoint.ToString()), ("BATCH_MAX_EVENTS", "200"));

    /// <summary>The function as Lambda runs it, reading S3 (here s3rver, or a proxy in front of it).</summary>
    private Task<Hosting.InvocationServices> Start(Uri? endpoint = null, IHandOverQueue? handOvers = null, TimeProvider? clock = null) =>
        TestHost.StartAsync(Variables(endpoint ?? s3rver.Server.Endpoint), handOvers: handOvers, deadlineClock: clock,
            credentials: S3rverProcess.Credentials);

    private Task<string> Put(string key, byte[] content) => s3rver.Server.PutAsync("logs", key, content);

    private async Task<InvocationResult> Invoke(string eventJson, Uri? endpoint = null)
    {
        using var services = await Start(endpoint);
        return await services.Handler.HandleAsync(eventJson, DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);
    }

    private static JsonElement Summary(InvocationResult result) => JsonDocument.Parse(result.Summary.ToJson()).RootElement;

    [Fact]
    public async Task Plain_gzip_and_multi_member_gzip_objects()
    {
        var eTag = await Put("AWSLogs/plain.log", LogLines.ClassicLog(1000));
        await Put("AWSLogs/one.log.gz", Gzip.Compress(LogLines.ClassicLog(1000, 1000)));
        await Put("AWSLogs/multi.log.gz", [.. Gzip.Compress(LogLines.ClassicLog(500, 2000)), .. Gzip.Compress(LogLines.ClassicLog(500, 2500))]);

        var result = await Invoke(S3Events.Put("logs", "AWSLogs/plain.log", "AWSLogs/one.log.gz", "AWSLogs/multi.log.gz"));

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(3000, Logstash.EventIds.Count);
        Assert.Equal(3000, Summary(result).GetProperty("EventsSent").GetInt64());
        // The object's ETag, read from S3 when the notification had none, seeds its event ids.
        Assert.Contains(Events.LogSource.ForS3("logs", "AWSLogs/plain.log", eTag, null).EventIdFor(0), Logstash.EventIds.Keys);
    }

    [Fact]
    public async Task An_object_notified_as_empty_is_not_fetched()
    {
        // (s3rver answers "bytes=0-" of an empty object with a broken body; S3 answers 416, which is handled too.)
        await Put("empty.log", []);
        var result = await Invoke(S3Events.Put("logs", ("empty.log", 0L, null)));
        Assert.True(result.Succeeded, result.Summary.ToJson());
        Assert.Equal(0, Summary(result).GetProperty("Lines").GetInt64());
        Assert.Equal(1, Summary(result).GetProperty("Sources").GetInt64());
    }

    [Fact]
    public async Task A_range_from_the_end_of_the_object_reads_nothing()
    {
        var content = LogLines.ClassicLog(10);
        await Put("ended.log", content);
        using var s3 = s3rver.Server.CreateClient();
        var opened = await new S3ObjectStore(s3).OpenAsync(new ObjectLocation("logs", "ended.log"), content.Length, CancellationToken.None);
        Assert.Equal(0, await opened.Content.ReadAsync(new byte[16]));
    }

    [Fact]
    public async Task Keys_with_spaces_and_plus_signs()
    {
        const string key = "AWSLogs/my lb/a+b c.log";
        await Put(key, LogLines.ClassicLog(50));
        var encoded = S3Events.Put("logs", key);
        Assert.Equal("AWSLogs/my+lb/a%2Bb+c.log",                 // as S3 encodes keys in notifications
            JsonDocument.Parse(encoded).RootElement.GetProperty("Records")[0].GetProperty("s3").GetProperty("object").GetProperty("key").GetString());
        var result = await Invoke(encoded);
        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(50, Logstash.EventIds.Count);
    }

    [Fact]
    public async Task Sqs_sns_and_eventbridge_wrapped_events()
    {
        await Put("wrapped.log", LogLines.ClassicLog(10));
        var s3Event = S3Events.Put("logs", "wrapped.log");
        foreach (var e in new[] { S3Events.SqsWrapped(s3Event), S3Events.SnsWrapped(s3Event), S3Events.EventBridge("logs", "wrapped.log") })
        {
            var result = await Invoke(e);
            Assert.True(result.Succeeded, result.ErrorMessage);
            Assert.Equal(10, Summary(result).GetProperty("EventsSent").GetInt64());
        }

        // Three deliveries of one object: ten ids, each three times.
        Assert.Equal(10, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(3, id.Value));
    }

    [Theory]
    [InlineData("dropped.log", false)]
    [InlineData("dropped.log.gz", true)]
    public async Task A_download_dropped_twice_mid_object_resumes_and_delivers_every_line_once(string key, bool gzip)
    {
        var log = LogLines.ClassicLog(20_000);   // about 5 MB
        var content = gzip ? Gzip.Compress(log) : log;
        await Put(key, content);
        // Each of the first two downloads breaks a third of the way into what is left.
        await using var proxy = new DroppingProxy(s3rver.Server.Endpoint, drops: 2, dropAfterBytes: content.Length / 3);

        var result = await Invoke(S3Events.Put("logs", key), proxy.Endpoint);

        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(2, proxy.Dropped);
        Assert.Equal(20_000, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
        Assert.Equal(20_000, Logstash.EventsReceived);
    }

    [Theory]
    [InlineData("handover.log", false)]
    [InlineData("handover.log.gz", true)]
    public async Task A_continuation_hand_over_under_a_short_deadline_delivers_every_line_exactly_once(string key, bool gzip)
    {
        var log = LogLines.ClassicLog(6000);
        await Put(key, gzip ? Gzip.Compress(log) : log);
        var driver = new HandOverDriver();
        Logstash.OnAccepted = _ => driver.Clock.Advance(TimeSpan.FromSeconds(1));   // Logstash takes a second per batch
        using var services = await Start(handOvers: driver, clock: driver.Clock);

        var results = await driver.RunToTheEndAsync(services.Handler, S3Events.Put("logs", key), secondsPerInvocation: 10);

        Assert.InRange(results.Count, 2, 99);
        Assert.Equal(6000, Logstash.EventIds.Count);
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
        Assert.Equal(6000, Logstash.EventsReceived);
    }

    [Fact]
    public async Task The_same_object_processed_twice_gives_identical_event_ids()
    {
        await Put("twice.log", LogLines.ClassicLog(100));
        await Invoke(S3Events.Put("logs", "twice.log"));
        var first = Logstash.EventIds.Keys.ToHashSet();
        await Invoke(S3Events.Put("logs", "twice.log"));
        Assert.Equal(first, Logstash.EventIds.Keys.ToHashSet());
        Assert.All(Logstash.EventIds, id => Assert.Equal(2, id.Value));
    }

    [Fact]
    public async Task A_missing_object_fails_the_invocation_naming_it()
    {
        var result = await Invoke(S3Events.Put("logs", "no/such.log"));
        Assert.False(result.Succeeded);
        Assert.Equal(InvocationError.ObjectsNotRead, result.Error);
        Assert.Equal("s3://logs/no/such.log at byte 0: no such object", Summary(result).GetProperty("LastFailures")[0].GetString());
        Assert.Equal(1, Summary(result).GetProperty("SourcesFailed").GetInt32());
    }

    /// <summary>s3rver ignores If-Match, so the changed-object path uses a stand-in that honours it.</summary>
    [Fact]
    public async Task An_object_changed_between_ranges_fails_loudly()
    {
        var content = LogLines.ClassicLog(2000);
        var s3 = new Mock<IAmazonS3>();
        var requests = new List<GetObjectRequest>();
        s3.Setup(c => c.GetObjectAsync(It.IsAny<GetObjectRequest>(), It.IsAny<CancellationToken>()))
            .Returns<GetObjectRequest, CancellationToken>((request, _) =>
            {
                requests.Add(request);
                if (requests.Count == 1)
                    return Task.FromResult(new GetObjectResponse
                    {
                        ETag = "\"v1\"",
                        ResponseStream = new FailingStream(content, 100_000, new IOException("connection reset by peer")),
                    });
                throw new AmazonS3Exception("At least one of the pre-conditions you specified did not hold")
                {
                    StatusCode = HttpStatusCode.PreconditionFailed,
                };
            });

        var store = new S3ObjectStore(s3.Object);
        var opened = await store.OpenAsync(new ObjectLocation("logs", "changing.log"), 0, CancellationToken.None);
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            var buffer = new byte[64 * 1024];
            while (await opened.Content.ReadAsync(buffer) > 0) { }
        });

        Assert.Contains("the object changed while it was being read", error.Message);
        Assert.Equal("\"v1\"", requests[1].EtagToMatch);
        Assert.Equal("bytes=0-", requests[0].ByteRange.FormattedByteRange);
        Assert.Equal("bytes=100000-", requests[1].ByteRange.FormattedByteRange);
    }
}
