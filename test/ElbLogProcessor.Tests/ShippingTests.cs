using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Delivery to a Kestrel server that behaves as the Logstash HTTP input, through the
/// <c>process</c> command with <c>LOGSTASH_URL</c> set.
/// </summary>
public sealed class ShippingTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elb-ship-").FullName;
    private LogstashContractServer _server = null!;

    public async Task InitializeAsync() => _server = await LogstashContractServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A classic log of <paramref name="lines"/> distinct lines.</summary>
    internal static string WriteLog(string dir, int lines, string name = "test.log", Func<int, string>? line = null)
    {
        var path = Path.Combine(dir, name);
        using var writer = new StreamWriter(path);
        for (int i = 0; i < lines; i++)
            writer.Write((line ?? ClassicLine)(i) + "\n");
        return path;
    }

    internal static string ClassicLine(int i) =>
        ProcessCommandTests.Classic.Replace("192.168.131.39:2817", $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}:{1024 + i % 60000}");

    private Func<string, string?> Environment(params (string Name, string Value)[] extra)
    {
        var variables = new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = _server.Url.ToString(),
            ["LOGSTASH_RETRY_BASE_DELAY_MS"] = "20",
            ["LOGSTASH_RETRY_MAX_DELAY_SECONDS"] = "1",
            ["LOGSTASH_REQUEST_TIMEOUT_SECONDS"] = "10",
        };
        foreach (var (name, value) in extra) variables[name] = value;
        return name => variables.GetValueOrDefault(name);
    }

    private static long Long(JsonElement summary, string name) => summary.GetProperty(name).GetInt64();

    private static Dictionary<string, long> Statuses(JsonElement summary) =>
        summary.GetProperty("HttpStatuses").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    [Fact]
    public async Task Delivers_every_event_in_json_array_batches_with_gzip()
    {
        var log = WriteLog(_dir, 2000);
        var (exitCode, stdout, diagnostics, summary) = await ProcessCommandTests.Run(Environment(("BATCH_MAX_EVENTS", "100")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Empty(stdout);
        Assert.Equal(2000, _server.EventsReceived);
        Assert.Equal(2000, _server.EventIds.Count);
        Assert.Equal(20, _server.Requests);
        Assert.All(_server.ContentEncodings, e => Assert.Equal("gzip", e));
        Assert.Equal(2000, Long(summary, "EventsSent"));
        Assert.Equal(0, Long(summary, "EventsFailed"));
        Assert.Equal(20, Long(summary, "Batches"));
        Assert.Equal(20, Long(summary, "Requests"));
        Assert.Equal(0, Long(summary, "Retries"));
        Assert.Equal(new Dictionary<string, long> { ["200"] = 20 }, Statuses(summary));
        Assert.InRange(Long(summary, "BytesSent"), 1, Long(summary, "BytesRead"));   // compressed
    }

    [Fact]
    public async Task Without_gzip_the_plain_json_is_sent()
    {
        var log = WriteLog(_dir, 300);
        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(Environment(("LOGSTASH_GZIP", "false")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(300, _server.EventIds.Count);
        Assert.All(_server.ContentEncodings, e => Assert.Equal("", e));
        Assert.True(Long(summary, "BytesSent") > Long(summary, "BytesRead"));   // JSON is larger than the log
    }

    [Fact]
    public async Task Pending_limit_answers_429_and_every_event_still_arrives()
    {
        _server.MaxPendingRequests = 1;
        _server.Stall = TimeSpan.FromMilliseconds(30);
        var log = WriteLog(_dir, 3000);
        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(
            Environment(("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_SENDERS", "4"), ("LOGSTASH_MAX_ATTEMPTS", "50")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.True(_server.Answers.GetValueOrDefault(429) > 0, "the server never refused a request");
        Assert.Equal(3000, _server.EventIds.Count);
        Assert.Equal(_server.Answers[429], Statuses(summary)["429"]);
        Assert.Equal(Long(summary, "Requests") - Long(summary, "Batches"), Long(summary, "Retries"));
    }

    [Fact]
    public async Task A_429_that_closes_the_connection_is_retried_on_a_new_one()
    {
        _server.Faults = n => n % 2 == 1 ? Fault.TooManyRequestsAndClose : Fault.None;
        var log = WriteLog(_dir, 1000);
        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(Environment(("BATCH_MAX_EVENTS", "100")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(1000, _server.EventIds.Count);
        Assert.Equal(10, Statuses(summary)["429"]);
        Assert.Equal(10, Long(summary, "Retries"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("elk", "wrong")]
    public async Task Missing_or_wrong_credentials_fail_without_retrying(string? username, string? password)
    {
        _server.Username = "elk";
        _server.Password = "s3cret-Pa55";
        var log = WriteLog(_dir, 250);
        var variables = new List<(string, string)> { ("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", "0") };
        if (username is not null) variables.AddRange([("LOGSTASH_USERNAME", username), ("LOGSTASH_PASSWORD", password!)]);

        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(Environment([.. variables]), "process", log);

        Assert.Equal(1, exitCode);
        Assert.Equal(250, Long(summary, "EventsFailed"));
        Assert.Equal(0, Long(summary, "EventsSent"));
        Assert.Equal(3, _server.Requests);   // one per batch: a 401 is not retried
        Assert.Equal(0, Long(summary, "Retries"));
        Assert.Contains("HTTP 401", summary.GetProperty("LastFailures")[0].GetString());
        Assert.Contains("250 of 250 events were not delivered", diagnostics);
        Assert.DoesNotContain("s3cret-Pa55", diagnostics);
        if (password is not null) Assert.DoesNotContain(password, diagnostics);
    }

    [Fact]
    public async Task Right_credentials_are_accepted()
    {
        _server.Username = "elk";
        _server.Password = "s3cret-Pa55";
        var log = WriteLog(_dir, 100);
        var (exitCode, _, diagnostics, _) = await ProcessCommandTests.Run(
            Environment(("LOGSTASH_USERNAME", "elk"), ("LOGSTASH_PASSWORD", "s3cret-Pa55")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(100, _server.EventIds.Count);
        Assert.DoesNotContain("s3cret-Pa55", diagnostics);
    }

    [Fact]
    public async Task A_batch_refused_with_413_is_split_down_to_single_events()
    {
        _server.MaxContentLength = 20_000;   // about 25 events
        var huge = ProcessCommandTests.Classic.Replace("curl/7.38.0", new string('x', 30_000));
        var log = WriteLog(_dir, 500, line: i => i == 123 ? huge : ClassicLine(i));

        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(
            Environment(("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", "0")), "process", log);

        Assert.Equal(1, exitCode);
        Assert.Equal(499, _server.EventIds.Count);
        Assert.Equal(499, Long(summary, "EventsSent"));
        Assert.Equal(1, Long(summary, "EventsFailed"));
        Assert.True(Statuses(summary)["413"] > 1);
        Assert.Contains("HTTP 413", diagnostics);
        Assert.Contains(summary.GetProperty("LastFailures").EnumerateArray(), f => f.GetString()!.Contains("a single event of"));
    }

    [Fact]
    public async Task Persistent_500_fails_after_the_attempt_cap()
    {
        _server.Faults = _ => Fault.InternalError;
        var log = WriteLog(_dir, 200);
        var (exitCode, _, _, summary) = await ProcessCommandTests.Run(Environment(
            ("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_MAX_ATTEMPTS", "3"), ("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", "0")), "process", log);

        Assert.Equal(1, exitCode);
        Assert.Equal(6, _server.Requests);
        Assert.Equal(200, Long(summary, "EventsFailed"));
        Assert.Equal(4, Long(summary, "Retries"));
        Assert.Equal(6, Statuses(summary)["500"]);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_500_from_the_contract_server()
    {
        using var client = new HttpClient();
        var response = await client.PostAsync(_server.Url, new StringContent("[{\"a\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        response = await client.PostAsync(_server.Url, new StringContent("[{\"EventId\":\"a\"},{\"EventId\":\"b\"}]", Encoding.UTF8, "application/json"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, _server.EventsReceived);
    }

    [Fact]
    public async Task Zero_loss_when_thirty_percent_of_requests_fail()
    {
        var random = new Random(7);
        Fault[] faults = [Fault.TooManyRequests, Fault.ServiceUnavailable, Fault.Drop];
        _server.Faults = _ =>
        {
            lock (random) return random.NextDouble() < 0.3 ? faults[random.Next(faults.Length)] : Fault.None;
        };
        var log = WriteLog(_dir, 20_000);

        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(
            Environment(("BATCH_MAX_EVENTS", "100"), ("LOGSTASH_MAX_ATTEMPTS", "20"), ("LOGSTASH_SENDERS", "4")), "process", log);

        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(20_000, _server.EventIds.Count);           // every distinct EventId arrived
        Assert.Equal(20_000, Long(summary, "EventsSent"));
        Assert.Equal(_server.EventsReceived, Long(summary, "EventsSent"));
        Assert.Equal(_server.Answers[200], Long(summary, "Batches"));
        Assert.Equal(_server.Requests, Long(summary, "Requests"));
        var statuses = Statuses(summary);
        Assert.Equal(_server.Answers.GetValueOrDefault(429), statuses.GetValueOrDefault("429"));
        Assert.Equal(_server.Answers.GetValueOrDefault(503), statuses.GetValueOrDefault("503"));
        Assert.Equal(_server.Answers.GetValueOrDefault(0), statuses.GetValueOrDefault("connection"));
        Assert.True(Long(summary, "Retries") > 30, $"only {Long(summary, "Retries")} retries");
    }

    [Fact]
    public async Task Outage_ends_in_bounded_time_and_reports_every_event_as_failed()
    {
        var closedPort = FreePort();
        var log = WriteLog(_dir, 5000);
        var clock = Stopwatch.StartNew();

        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(Environment(
            ("LOGSTASH_URL", $"http://127.0.0.1:{closedPort}/"), ("BATCH_MAX_EVENTS", "100"),
            ("LOGSTASH_MAX_ATTEMPTS", "4"), ("LOGSTASH_RETRY_BASE_DELAY_MS", "100")), "process", log);

        Assert.Equal(1, exitCode);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.Equal(5000, Long(summary, "EventsFailed"));
        Assert.Equal(0, Long(summary, "EventsSent"));
        Assert.Contains("5000 of 5000 events were not delivered", diagnostics);
        Assert.Contains(summary.GetProperty("LastFailures").EnumerateArray(), f => f.GetString()!.Contains("gave up"));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Memory is measured process-wide, so this runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(MemoryBoundTests), DisableParallelization = true)]
public sealed class MemoryBoundCollection;

[Collection(nameof(MemoryBoundTests))]
public sealed class MemoryBoundTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elb-memory-").FullName;
    private LogstashContractServer _server = null!;

    public async Task InitializeAsync() => _server = await LogstashContractServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_stalled_server_pauses_reading_so_memory_stays_bounded()
    {
        // The bound: (queue 2 + senders 2 + 1 being filled) batches of 100 events, plus what
        // the line reader holds (128 KiB, about 550 of these lines). The file has 50,000.
        const int Queue = 2, Senders = 2, BatchEvents = 100, ReaderLines = 600;
        const int MaxLinesReadAhead = (Queue + Senders + 1) * BatchEvents + ReaderLines;
        var release = new TaskCompletionSource();
        _server.HoldUntil = release.Task;
        var log = ShippingTests.WriteLog(_dir, 50_000);
        var summary = new RunSummary();
        var options = new LogstashOptions
        {
            Url = _server.Url, Senders = Senders, QueueCapacity = Queue, RequestTimeout = TimeSpan.FromMinutes(1),
        };
        using var client = LogstashHttp.CreateClient(options);
        await using var shipper = new BatchShipper(new LogstashSender(client, options, summary), options, summary);
        var pipeline = new LogPipeline(new EventWriter(EventEnvelope.Default), shipper, new BatchLimits(BatchEvents), summary);

        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var processing = Task.Run(() => pipeline.ProcessAsync(File.OpenRead(log), LogSource.ForFile(log), CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(3));   // the server stalls every request meanwhile

        Assert.False(processing.IsCompleted);
        Assert.Equal(Senders, _server.Held);
        Assert.InRange(summary.Lines, 1, MaxLinesReadAhead);          // reading paused
        Assert.InRange(GC.GetTotalMemory(forceFullCollection: true) - heapBefore, long.MinValue, 16L * 1024 * 1024);

        release.SetResult();
        await processing;
        await shipper.CompleteAsync(CancellationToken.None);
        Assert.Equal(50_000, summary.EventsSent);
        Assert.Equal(50_000, _server.EventIds.Count);
    }

}

/// <summary>TLS to a Logstash whose certificate comes from a private CA.</summary>
public sealed class TlsShippingTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elb-tls-").FullName;
    private LogstashContractServer _server = null!;
    private string _caBundle = null!;

    public async Task InitializeAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ElbLogProcessor Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        // Kestrel wants a certificate whose key it can use: round-trip through PKCS#12.
        var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        _caBundle = Path.Combine(_dir, "ca.pem");
        await File.WriteAllTextAsync(_caBundle, ca.ExportCertificatePem());
        _server = await LogstashContractServer.StartAsync(leaf);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private Func<string, string?> Environment(bool withBundle) => name => name switch
    {
        "LOGSTASH_URL" => _server.Url.ToString(),
        "LOGSTASH_CA_BUNDLE" => withBundle ? _caBundle : null,
        "LOGSTASH_RETRY_BASE_DELAY_MS" => "10",
        _ => null,
    };

    [Fact]
    public async Task The_extra_ca_bundle_makes_the_private_certificate_trusted()
    {
        Assert.StartsWith("https://", _server.Url.ToString());
        var log = ShippingTests.WriteLog(_dir, 50);
        var (exitCode, _, diagnostics, _) = await ProcessCommandTests.Run(Environment(withBundle: true), "process", log);
        Assert.True(exitCode == 0, diagnostics);
        Assert.Equal(50, _server.EventIds.Count);
    }

    [Fact]
    public async Task Without_the_bundle_the_certificate_is_refused_and_not_retried()
    {
        var log = ShippingTests.WriteLog(_dir, 50);
        var (exitCode, _, diagnostics, summary) = await ProcessCommandTests.Run(Environment(withBundle: false), "process", log);
        Assert.Equal(1, exitCode);
        Assert.Equal(0, _server.EventsReceived);
        Assert.Equal(50, summary.GetProperty("EventsFailed").GetInt64());
        Assert.Equal(0, summary.GetProperty("Retries").GetInt64());
        Assert.Contains("TLS", diagnostics);
    }
}
