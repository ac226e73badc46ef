using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Delivery to a Kestrel server that behaves as the Logstash HTTP input, through the
/// <c>process</c> command with <c>LOGSTASH_URL</c> set.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class ShippingTests : WithLogstash
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elb-ship-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Func<string, string?> Environment(params (string Name, string Value)[] extra) =>
        LogstashVariables(("LOGSTASH_RETRY_BASE_DELAY_MS", "20"), ("LOGSTASH_RETRY_MAX_DELAY_SECONDS", "1"), ("LOGSTASH_REQUEST_TIMEOUT_SECONDS", "10"))
            .With(extra);

    private static long Long(JsonElement summary, string name) => summary.GetProperty(name).GetInt64();

    private static Dictionary<string, long> Statuses(JsonElement summary) =>
        summary.GetProperty("HttpStatuses").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    [Fact]
    public async Task Delivers_every_event_in_json_array_batches_with_gzip()
    {
        var log = LogLines.WriteLog(_dir, 2000);
        var (exitCode, stdout, diagnostics, summary) = await CommandRunner.Run(Environment(("BATCH_MAX_EVENTS", "100")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Empty(stdout);
        Assert.Equal(2000, Logstash.EventsReceived);
        Assert.Equal(2000, Logstash.EventIds.Count);
        Assert.Equal(20, Logstash.Requests);
        Assert.All(Logstash.ContentEncodings, e => Assert.Equal("gzip", e));
        Assert.Equal(2000, Long(summary, "EventsSent"));
        Assert.Equal(0, Long(summary, "EventsFailed"));
        Assert.Equal(20, Long(summary, "Batches"));
        Assert.Equal(20, Long(summary, "Requests"));
        Assert.Equal(0, Long(summary, "Retries"));
        Assert.Equal(new Dictionary<string, long> { ["200"] = 20 }, Statuses(summary));
        Assert.InRange(Long(summary, "BytesDelivered"), 1, Long(summary, "BytesRead"));   // compressed
    }

    [Fact]
    public async Task Without_gzip_the_plain_json_is_sent()
    {
        var log = LogLines.WriteLog(_dir, 300);
        var (exitCode, _, diagnostics, summary) = await CommandRunner.Run(Environment(("LOGSTASH_GZIP", "false")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(300, Logstash.EventIds.Count);
        Assert.All(Logstash.ContentEncodings, e => Assert.Equal("", e));
        Assert.True(Long(summary, "BytesDelivered") > Long(summary, "BytesRead"));   // JSON is larger than the log
    }

    [Fact]
    public async Task Pending_limit_answers_429_and_every_event_still_arrives()
    {
        Logstash.MaxPendingRequests = 1;
        Logstash.Stall = TimeSpan.FromMilliseconds(30);
        var log = LogLines.WriteLog(_dir, 3000);
        var (exitCode, _, diagnostics, summary) = await CommandRunner.Run(
            Environment(("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_SENDERS", "4"), ("LOGSTASH_MAX_ATTEMPTS", "50")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.True(Logstash.Answers.GetValueOrDefault(429) > 0, "the server never refused a request");
        Assert.Equal(3000, Logstash.EventIds.Count);
        Assert.Equal(Logstash.Answers[429], Statuses(summary)["429"]);
        Assert.Equal(Long(summary, "Requests") - Long(summary, "Batches"), Long(summary, "Retries"));
    }

    [Fact]
    public async Task A_429_that_closes_the_connection_is_retried_on_a_new_one()
    {
        Logstash.Faults = n => n % 2 == 1 ? Fault.TooManyRequestsAndClose : Fault.None;
        var log = LogLines.WriteLog(_dir, 1000);
        var (exitCode, _, diagnostics, summary) = await CommandRunner.Run(Environment(("BATCH_MAX_EVENTS", "100")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(1000, Logstash.EventIds.Count);
        Assert.Equal(10, Statuses(summary)["429"]);
        Assert.Equal(10, Long(summary, "Retries"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("elk", "wrong")]
    public async Task Missing_or_wrong_credentials_fail_without_retrying(string? username, string? password)
    {
        Logstash.Username = "elk";
        Logstash.Password = "s3cret-Pa55";
        var log = LogLines.WriteLog(_dir, 250);
        var variables = new List<(string, string)> { ("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", "0") };
        if (username is not null) variables.AddRange([("LOGSTASH_USERNAME", username), ("LOGSTASH_PASSWORD", password!), ("LOGSTASH_ALLOW_HTTP_AUTH", "true")]);

        var (exitCode, _, diagnostics, summary) = await CommandRunner.Run(Environment([.. variables]), "process", log);

        Assert.Equal(1, exitCode);
        Assert.Equal(250, Long(summary, "EventsFailed"));
        Assert.Equal(0, Long(summary, "EventsSent"));
        Assert.Equal(3, Logstash.Requests);   // one per batch: a 401 is not retried
        Assert.Equal(0, Long(summary, "Retries"));
        Assert.Contains("HTTP 401", summary.GetProperty("LastFailures")[0].GetString());
        Assert.Contains($"error: 250 of 250 events not delivered to {Logstash.Url}: HTTP 401", diagnostics);
        Assert.DoesNotContain("s3cret-Pa55", diagnostics);
        if (password is not null) Assert.DoesNotContain(password, diagnostics);
    }

    [Fact]
    public async Task Right_credentials_are_accepted()
    {
        Logstash.Username = "elk";
        Logstash.Password = "s3cret-Pa55";
        var log = LogLines.WriteLog(_dir, 100);
        var (exitCode, _, diagnostics, _) = await CommandRunner.Run(
            Environment(("LOGSTASH_USERNAME", "elk"), ("LOGSTASH_PASSWORD", "s3cret-Pa55"), ("LOGSTASH_ALLOW_HTTP_AUTH", "true")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(100, Logstash.EventIds.Count);
        Assert.DoesNotContain("s3cret-Pa55", diagnostics);
    }

    [Fact]
    public async Task A_batch_refused_with_413_is_split_down_to_single_events()
    {
        Logstash.MaxContentLength = 20_000;   // about 25 events
        var huge = LogLines.Classic.Replace("curl/7.38.0", new string('x', 30_000));
        var log = LogLines.WriteLog(_dir, 500, line: i => i == 123 ? huge : LogLines.ClassicLine(i));

        var (exitCode, _, diagnostics, summary) = await CommandRunner.Run(
            Environment(("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", "0")), "process", log);

        Assert.Equal(1, exitCode);
        Assert.Equal(499, Logstash.EventIds.Count);
        Assert.Equal(499, Long(summary, "EventsSent"));
        Assert.Equal(1, Long(summary, "EventsFailed"));
        Assert.True(Statuses(summary)["413"] > 1);
        Assert.Contains("HTTP 413", diagnostics);
        Assert.Contains(summary.GetProperty("LastFailures").EnumerateArray(), f => f.GetString()!.Contains("a single event of"));
    }

    [Fact]
    public async Task Persistent_500_fails_after_the_attempt_cap()
    {
        Logstash.Faults = _ => Fault.InternalError;
        var log = LogLines.WriteLog(_dir, 200);
        var (exitCode, _, _, summary) = await CommandRunner.Run(Environment(
            ("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_MAX_ATTEMPTS", "3"), ("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", "0")), "process", log);

        Assert.Equal(1, exitCode);
        Assert.Equal(6, Logstash.Requests);
        Assert.Equal(200, Long(summary, "EventsFailed"));
        Assert.Equal(4, Long(summary, "Retries"));
        Assert.Equal(6, Statuses(summary)["500"]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_500_from_the_contract_server()
    {
        using var client = new HttpClient();
        var response = await client.PostAsync(Logstash.Url, new StringContent("[{\"a\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        response = await client.PostAsync(Logstash.Url, new StringContent("[{\"EventId\":\"a\"},{\"EventId\":\"b\"}]", Encoding.UTF8, "application/json"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, Logstash.EventsReceived);
    }

    [Fact]
    public async Task Zero_loss_when_thirty_percent_of_requests_fail()
    {
        var random = new Random(7);
        Fault[] faults = [Fault.TooManyRequests, Fault.ServiceUnavailable, Fault.Drop];
        Logstash.Faults = _ =>
        {
            lock (random) return random.NextDouble() < 0.3 ? faults[random.Next(faults.Length)] : Fault.None;
        };
        var log = LogLines.WriteLog(_dir, 20_000);

        var (exitCode, _, diagnostics, summary) = await CommandRunner.Run(
            Environment(("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_MAX_ATTEMPTS", "20"), ("LOGSTASH_SENDERS", "4")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(20_000, Logstash.EventIds.Count);           // every distinct EventId arrived
        Assert.Equal(20_000, Long(summary, "EventsSent"));
        Assert.Equal(Logstash.EventsReceived, Long(summary, "EventsSent"));
        Assert.Equal(Logstash.Answers[200], Long(summary, "Batches"));
        Assert.Equal(Logstash.Requests, Long(summary, "Requests"));
        var statuses = Statuses(summary);
        Assert.Equal(Logstash.Answers.GetValueOrDefault(429), statuses.GetValueOrDefault("429"));
        Assert.Equal(Logstash.Answers.GetValueOrDefault(503), statuses.GetValueOrDefault("503"));
        Assert.Equal(Logstash.Answers.GetValueOrDefault(0), statuses.GetValueOrDefault("connection"));
        Assert.True(Long(summary, "Retries") > 30, $"only {Long(summary, "Retries")} retries");
    }

    [Fact]
    public async Task Outage_ends_in_bounded_time_and_reports_every_event_as_failed()
    {
        var closedPort = FreePort();
        var log = LogLines.WriteLog(_dir, 5000);
        var clock = Stopwatch.StartNew();

        var (exitCode, _, diagnostics, summary) = await CommandRunner.Run(Environment(
            ("LOGSTASH_URL", $"http://127.0.0.1:{closedPort}/"), ("BATCH_MAX_EVENTS", "100"),
            ("LOGSTASH_MAX_ATTEMPTS", "4"), ("LOGSTASH_RETRY_BASE_DELAY_MS", "100")), "process", log);

        Assert.Equal(1, exitCode);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.Equal(5000, Long(summary, "EventsFailed"));
        Assert.Equal(0, Long(summary, "EventsSent"));
        // The last line names the target and the cause, with the attempts it took, and how long the run was failing.
        Assert.Matches($@"\nerror: 5000 of 5000 events not delivered to http://127\.0\.0\.1:{closedPort}/: connection refused \(4 attempts over \d+ m?s\); " +
                       @"gave up: 3 batches in a row failed every attempt, over \d+ m?s\n$", diagnostics);
        Assert.Contains(summary.GetProperty("LastFailures").EnumerateArray(), f => f.GetString()!.Contains("gave up"));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
