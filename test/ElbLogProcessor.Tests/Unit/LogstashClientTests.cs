using System.Net;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;
using Polly;

namespace ElbLogProcessor.Tests;

/// <summary>One batch's delivery: retries, 413 splitting and the give-up rule, against an in-process stub.</summary>
[Trait("Category", Category.Unit)]
public class LogstashClientTests
{
    private static LogstashOptions Options(int maxAttempts = 1, int giveUpAfter = 3) => new()
    {
        Url = new Uri("http://logstash.test/"),
        Gzip = false,
        MaxAttempts = maxAttempts,
        RetryBaseDelayMs = 1,
        RetryMaxDelaySeconds = 1,
        GiveUpAfterFailedBatches = giveUpAfter,
    };

    private static async Task DeliverAll(StubLogstash stub, LogstashOptions options, RunSummary summary, int batches, int eventsPerBatch = 10)
    {
        var client = stub.Client(options, summary);
        for (int i = 0; i < batches; i++)
            using (var batch = StubLogstash.Batch(eventsPerBatch))
                await client.DeliverAsync(batch, CancellationToken.None);
    }

    [Fact]
    public async Task After_the_given_number_of_batches_failed_in_a_row_the_rest_fail_fast()
    {
        var stub = new StubLogstash((_, _) => StubLogstash.Status(HttpStatusCode.InternalServerError));
        var summary = new RunSummary();
        await DeliverAll(stub, Options(maxAttempts: 2, giveUpAfter: 3), summary, batches: 10);

        Assert.Equal(6, stub.Requests);                 // 3 batches x 2 attempts, then no more requests
        Assert.Equal(100, summary.EventsFailed);
        Assert.Contains("10 events not delivered: gave up: 3 batches in a row failed every attempt to http://logstash.test/", summary.LastFailures);
        // The cause stays the last batch that was tried, with its attempts; the batches given up do not replace it.
        Assert.Matches(@"^to http://logstash\.test/: HTTP 500 Internal Server Error \(2 attempts over \d+ ms\)$", summary.LastDeliveryFailure);
        Assert.Contains("events not delivered to http://logstash.test/: HTTP 500", summary.UndeliveredMessage());
    }

    [Fact]
    public async Task A_batch_waiting_to_retry_stops_when_the_run_gives_up_and_is_counted_with_the_same_cause()
    {
        // 5-event batches are refused for a while (503: retried after about 5 s, 10 s ...), 7-event ones for good (400).
        var firstTry = new TaskCompletionSource();
        var stub = new StubLogstash((_, events) =>
        {
            if (events == 5) firstTry.TrySetResult();
            return StubLogstash.Status(events == 5 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadRequest);
        });
        var summary = new RunSummary();
        var client = stub.Client(Options(maxAttempts: 8, giveUpAfter: 2) with { RetryBaseDelayMs = 5000, RetryMaxDelaySeconds = 30 }, summary);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var retrying = StubLogstash.Batch(5);
        var waiting = client.DeliverAsync(retrying, CancellationToken.None);
        await firstTry.Task;
        for (int i = 0; i < 2; i++)
            using (var refused = StubLogstash.Batch(7)) await client.DeliverAsync(refused, CancellationToken.None);
        await waiting;

        // Its 7 retries would take a minute; it stopped in its first wait, with no retry made.
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal(1, stub.EventsPerRequest.Count(e => e == 5));
        Assert.Equal(0, summary.Retries);
        Assert.Equal((0, 19), (summary.EventsSent, summary.EventsFailed));
        Assert.Contains("5 events not delivered: gave up: 2 batches in a row failed every attempt to http://logstash.test/", summary.LastFailures);
        Assert.Matches(@"^19 of 0 events not delivered to http://logstash\.test/: HTTP 400 Bad Request \(1 attempt\); " +
                       @"gave up: 2 batches in a row failed every attempt, over \d+ m?s$", summary.UndeliveredMessage());
    }

    [Fact]
    public async Task An_attempt_on_the_wire_when_the_run_gives_up_is_not_cut()
    {
        // The 5-event batch's attempt is answered only after the run gave up: it is delivered all the same.
        var gaveUp = new TaskCompletionSource();
        var firstTry = new TaskCompletionSource();
        var stub = new StubLogstash((_, events) =>
        {
            if (events != 5) return StubLogstash.Status(HttpStatusCode.BadRequest);
            firstTry.TrySetResult();
            gaveUp.Task.Wait();
            return StubLogstash.Status(HttpStatusCode.OK);
        });
        var summary = new RunSummary();
        var client = stub.Client(Options(maxAttempts: 3, giveUpAfter: 2), summary);

        using var onTheWire = StubLogstash.Batch(5);
        var sending = Task.Run(() => client.DeliverAsync(onTheWire, CancellationToken.None));
        await firstTry.Task;
        for (int i = 0; i < 2; i++)
            using (var refused = StubLogstash.Batch(7)) await client.DeliverAsync(refused, CancellationToken.None);
        gaveUp.SetResult();
        await sending;

        Assert.Equal((5, 14), (summary.EventsSent, summary.EventsFailed));
    }

    [Fact]
    public async Task The_pipeline_is_shared_by_the_runs_of_a_process_but_each_run_gives_up_on_its_own_count()
    {
        // The first run's batches all fail, the second's all pass: one pipeline, made once, serves both.
        var stub = new StubLogstash((_, events) => StubLogstash.Status(events == 7 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK));
        using var delivery = new LogstashDelivery(Options(maxAttempts: 1, giveUpAfter: 2), stub);
        var (failing, passing) = (new RunSummary(), new RunSummary());
        var (first, second) = (new LogstashClient(delivery, failing), new LogstashClient(delivery, passing));
        for (int i = 0; i < 4; i++)
        {
            using (var bad = StubLogstash.Batch(7)) await first.DeliverAsync(bad, CancellationToken.None);
            using (var good = StubLogstash.Batch(5)) await second.DeliverAsync(good, CancellationToken.None);
        }

        Assert.Equal((0, 28), (failing.EventsSent, failing.EventsFailed));   // two tried, then given up
        Assert.Equal((20, 0), (passing.EventsSent, passing.EventsFailed));   // never given up: its own count is 0
        Assert.Equal(2 + 4, stub.Requests);
    }

    [Fact]
    public void The_give_up_options_are_validated_when_the_pipeline_is_built()
    {
        var options = new GiveUpStrategyOptions { AfterFailuresInARow = 0, IsFailure = _ => true };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            builder.AddStrategy(context => new GiveUpStrategy(options, context.Telemetry, context.TimeProvider), options));
        Assert.Contains(nameof(GiveUpStrategyOptions.AfterFailuresInARow), error.Message);
    }

    [Fact]
    public async Task A_success_in_between_is_not_a_reason_to_keep_trying_later_failures_in_a_row()
    {
        // One success, then Logstash breaks for good: "in a row" counts from the success, not over a time window.
        var stub = new StubLogstash((n, _) => StubLogstash.Status(n == 1 ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable));
        var summary = new RunSummary();
        await DeliverAll(stub, Options(maxAttempts: 1, giveUpAfter: 3), summary, batches: 12);

        Assert.Equal(1 + 3, stub.Requests);
        Assert.Equal(10, summary.EventsSent);
        Assert.Equal(110, summary.EventsFailed);
    }

    [Fact]
    public async Task A_delivered_batch_starts_the_count_again()
    {
        // Two failures, a success, two failures, ...: never three in a row, so every batch is tried.
        var stub = new StubLogstash((n, _) => StubLogstash.Status(n % 3 == 0 ? HttpStatusCode.OK : HttpStatusCode.BadGateway));
        var summary = new RunSummary();
        await DeliverAll(stub, Options(maxAttempts: 1, giveUpAfter: 3), summary, batches: 12);

        Assert.Equal(12, stub.Requests);
        Assert.Equal(40, summary.EventsSent);
        Assert.DoesNotContain(summary.LastFailures, f => f.Contains("gave up"));
    }

    [Fact]
    public async Task Zero_never_gives_up()
    {
        var stub = new StubLogstash((_, _) => StubLogstash.Status(HttpStatusCode.InternalServerError));
        await DeliverAll(stub, Options(maxAttempts: 1, giveUpAfter: 0), new RunSummary(), batches: 8);
        Assert.Equal(8, stub.Requests);
    }

    [Fact]
    public async Task Transient_answers_are_retried_until_one_succeeds()
    {
        var stub = new StubLogstash((n, _) => StubLogstash.Status(n switch
        {
            1 => HttpStatusCode.TooManyRequests,
            2 => HttpStatusCode.ServiceUnavailable,
            3 => HttpStatusCode.RequestTimeout,
            _ => HttpStatusCode.OK,
        }));
        var summary = new RunSummary();
        await DeliverAll(stub, Options(maxAttempts: 5), summary, batches: 1);

        Assert.Equal(4, stub.Requests);
        Assert.Equal((10L, 3L, 1L), (summary.EventsSent, summary.Retries, summary.Batches));
        Assert.Equal(new Dictionary<string, long> { ["200"] = 1, ["408"] = 1, ["429"] = 1, ["503"] = 1 }, summary.HttpStatuses);
    }

    [Fact]
    public async Task A_refused_batch_is_not_retried()
    {
        var stub = new StubLogstash((_, _) => StubLogstash.Status(HttpStatusCode.Forbidden));
        var summary = new RunSummary();
        await DeliverAll(stub, Options(maxAttempts: 5, giveUpAfter: 0), summary, batches: 1);
        Assert.Equal(1, stub.Requests);
        Assert.Equal("10 events not delivered to http://logstash.test/: HTTP 403 Forbidden (1 attempt)", Assert.Single(summary.LastFailures));
    }

    [Fact]
    public async Task A_batch_too_large_is_split_in_halves_down_to_single_events()
    {
        // Anything above 3 events is too large.
        var stub = new StubLogstash((_, events) => StubLogstash.Status(events > 3 ? HttpStatusCode.RequestEntityTooLarge : HttpStatusCode.OK));
        var summary = new RunSummary();
        await DeliverAll(stub, Options(maxAttempts: 1), summary, batches: 1, eventsPerBatch: 10);

        Assert.Equal(10, summary.EventsSent);
        Assert.Equal(0, summary.EventsFailed);
        Assert.Equal([10, 5, 2, 3, 5, 2, 3], stub.EventsPerRequest);
    }

    [Fact]
    public async Task A_gzip_body_larger_than_one_pooled_block_is_sent_whole_on_every_attempt()
    {
        // Random text hardly compresses: the body spans several of the pool's blocks.
        var random = new Random(7);
        var stub = new StubLogstash((n, _) => StubLogstash.Status(n == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK));
        var summary = new RunSummary();
        using var batch = StubLogstash.Batch(4000, _ =>
        {
            var bytes = new byte[90];
            random.NextBytes(bytes);
            return Convert.ToBase64String(bytes);
        });
        await stub.Client(Options(maxAttempts: 2) with { Gzip = true }, summary).DeliverAsync(batch, CancellationToken.None);

        Assert.Equal(2, stub.Requests);
        Assert.All(stub.Bodies, body =>
        {
            Assert.InRange(body.Sent.Length, 3 * LogstashConnectionPool.BodyBlockSize, int.MaxValue);
            Assert.Equal(body.Sent.Length, body.ContentLength);
            Assert.Equal(batch.Body.ToArray(), Gzip.Decompress(body.Sent));
        });
        Assert.Equal(stub.Bodies[1].Sent.Length, summary.BytesDelivered);
        Assert.Equal(4000, summary.EventsSent);
    }
}
