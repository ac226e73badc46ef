using System.Diagnostics;
using System.Text.Json;
using ElbLogProcessor.Hosting;
using ElbLogProcessor.Hosting.Lambda;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>Runtime API conformance, against a Kestrel server that speaks it as Lambda does.</summary>
[Trait("Category", Category.Integration)]
public sealed class LambdaRuntimeTests : WithLogstash
{
    private readonly string _root = Directory.CreateTempSubdirectory("elb-runtime-").FullName;
    private LambdaRuntimeApiServer _runtime = null!;

    public override async Task InitializeAsync()
    {
        _runtime = await LambdaRuntimeApiServer.StartAsync();
        await base.InitializeAsync();
        Directory.CreateDirectory(Path.Combine(_root, "samples"));
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "deploy", "samples")))
            File.Copy(file, Path.Combine(_root, "samples", Path.GetFileName(file)));
    }

    public override async Task DisposeAsync()
    {
        await _runtime.DisposeAsync();
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static string Events(string name) =>
        File.ReadAllText(Path.Combine(RepositoryFiles.Root, "deploy", "events", name));

    private Dictionary<string, string> Variables() => LogstashEnvironment(("DEADLINE_MARGIN_SECONDS", "5"));

    /// <summary>Starts the host in-process, reading objects from the local sample folder (or from S3 when <paramref name="store"/> is null).</summary>
    private (Task<int> Host, CancellationTokenSource Stop, List<(string, string?)> Set, StringWriter Log) StartHost(
        Dictionary<string, string> variables, IObjectStore? store = null, bool localObjects = true,
        Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement? ssm = null)
    {
        var stop = new CancellationTokenSource();
        var set = new List<(string, string?)>();
        var log = new StringWriter();
        var runtime = new LambdaRuntimeClient(_runtime.Address);
        var setup = new HostSetup
        {
            GetVariable = name => variables.GetValueOrDefault(name),
            Log = TextWriter.Synchronized(log),
            ObjectStore = store ?? (localObjects ? new LocalObjectStore(_root) : null),
            Ssm = ssm,
        };
        var host = new LambdaBootstrap(runtime, setup, (name, value) => { lock (set) set.Add((name, value)); });
        return (Task.Run(() => host.RunAsync(stop.Token)), stop, set, log);
    }

    [Fact]
    public async Task A_garbage_sqs_message_fails_alone_while_the_good_ones_are_delivered()
    {
        var (host, stop, _, _) = StartHost(Variables());
        var batch = S3Events.SqsBatch(("good-1", S3Events.Put("samples", "classic-elb.log")), ("garbage", "{\"not\": \"an event\"}"),
            ("good-2", S3Events.Put("samples", "nlb.log.gz")));

        var answer = await _runtime.InvokeAsync(batch, DateTimeOffset.UtcNow.AddMinutes(5), "req-garbage");

        Assert.Equal("response", answer.Kind);   // not a function error: the batch answers per message
        var body = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(["garbage"], body.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        Assert.Equal(200 + 100, Logstash.EventIds.Count);
        Assert.Contains(body.GetProperty("summary").GetProperty("LastFailures").EnumerateArray(),
            f => f.GetString()!.StartsWith("SQS message garbage names nothing to read: the event is neither an S3 notification", StringComparison.Ordinal));
        stop.Cancel();
        Assert.Equal(0, await host);
    }

    [Fact]
    public async Task An_object_of_a_bucket_not_in_log_buckets_never_reaches_the_store()
    {
        var store = new RecordingStore(new LocalObjectStore(_root));
        var variables = Variables();
        variables["LOG_BUCKETS"] = "samples,other-logs";
        var (host, stop, _, log) = StartHost(variables, store);
        var batch = S3Events.SqsBatch(("ours", S3Events.Put("samples", "classic-elb.log")), ("theirs", S3Events.Put("someone-elses", "secrets.log")));

        var answer = await _runtime.InvokeAsync(batch, DateTimeOffset.UtcNow.AddMinutes(5), "req-foreign");

        var body = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(["theirs"], body.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()));
        Assert.Equal(["samples"], store.Buckets.Distinct());   // not one request for the other bucket
        Assert.Equal(200, Logstash.EventIds.Count);
        Assert.Contains("error: s3://someone-elses/secrets.log: bucket 'someone-elses' is not one of LOG_BUCKETS (samples, other-logs): refused, " +
                        "nothing of it read\n", log.ToString());
        stop.Cancel();
        Assert.Equal(0, await host);
    }

    [Fact]
    public async Task In_a_central_bucket_only_the_listed_accounts_objects_are_read_and_the_others_are_skipped_not_failed()
    {
        // Two accounts' folders in one bucket, as an organization's log archive holds them.
        foreach (var account in new[] { "111111111111", "222222222222" })
        {
            var folder = Path.Combine(_root, "samples", "AWSLogs", account, "elasticloadbalancing", "eu-west-1", "2026", "12", "08");
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(_root, "samples", "classic-elb.log"), Path.Combine(folder, "classic-elb.log"));
        }

        var store = new RecordingStore(new LocalObjectStore(_root));
        var variables = Variables();
        variables["LOG_ACCOUNTS"] = "111111111111";
        var (host, stop, _, log) = StartHost(variables, store);
        const string Day = "elasticloadbalancing/eu-west-1/2026/12/08/classic-elb.log";
        var batch = S3Events.SqsBatch(("ours", S3Events.Put("samples", $"AWSLogs/111111111111/{Day}")),
            ("theirs", S3Events.Put("samples", $"AWSLogs/222222222222/{Day}")));

        var answer = await _runtime.InvokeAsync(batch, DateTimeOffset.UtcNow.AddMinutes(5), "req-central");

        var body = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Empty(body.GetProperty("batchItemFailures").EnumerateArray());   // nothing to retry: the other account's object is not ours
        Assert.Equal([$"AWSLogs/111111111111/{Day}"], store.Keys.Distinct());   // not one request for the other account's object
        Assert.Equal(200, Logstash.EventIds.Count);
        Assert.Equal(1, body.GetProperty("summary").GetProperty("SourcesSkipped").GetInt32());
        Assert.Contains($"s3://samples/AWSLogs/222222222222/{Day}: account 222222222222 is not one of LOG_ACCOUNTS (111111111111): " +
                        "skipped, nothing of it read\n", log.ToString());
        stop.Cancel();
        Assert.Equal(0, await host);
    }

    /// <summary>A store that records the bucket and key of every object opened.</summary>
    private sealed class RecordingStore(IObjectStore inner) : IObjectStore
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Buckets { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> Keys { get; } = new();

        public Task<OpenedObject> OpenAsync(ObjectLocation location, long fromByte, CancellationToken cancellationToken)
        {
            Buckets.Enqueue(location.Bucket);
            Keys.Enqueue(location.Key);
            return inner.OpenAsync(location, fromByte, cancellationToken);
        }
    }

    [Fact]
    public async Task Invocations_get_the_summary_as_response_and_state_does_not_leak()
    {
        var (host, stop, set, _) = StartHost(Variables());
        var deadline = DateTimeOffset.UtcNow.AddMinutes(5);

        var first = await _runtime.InvokeAsync(Events("s3-put-classic.json"), deadline, "req-1", "Root=1-aaa");
        var second = await _runtime.InvokeAsync(Events("s3-put-classic.json"), deadline, "req-2", "Root=1-bbb");
        var third = await _runtime.InvokeAsync(Events("sqs-wrapped-s3-put.json"), deadline, "req-3");

        Assert.Equal("response", first.Kind);
        Assert.Equal("response", second.Kind);
        var a = JsonDocument.Parse(first.Body).RootElement;
        var b = JsonDocument.Parse(second.Body).RootElement;
        Assert.Equal(200, a.GetProperty("EventsSent").GetInt64());
        Assert.Equal(200, b.GetProperty("EventsSent").GetInt64());                // counters start at zero again
        Assert.Equal(a.GetProperty("Lines").GetInt64(), b.GetProperty("Lines").GetInt64());
        // Through SQS the answer names the messages to retry (none), with the summary beside them.
        var batch = JsonDocument.Parse(third.Body).RootElement;
        Assert.Equal(0, batch.GetProperty("batchItemFailures").GetArrayLength());
        Assert.Equal(200, batch.GetProperty("summary").GetProperty("Events").GetProperty("application").GetInt64());
        Assert.Equal(200 + 200, Logstash.EventIds.Count);                         // the same object twice: the same ids
        Assert.All(Logstash.EventIds.Where(id => id.Value != 1), id => Assert.Equal(2, id.Value));
        lock (set) Assert.Equal([("_X_AMZN_TRACE_ID", "Root=1-aaa"), ("_X_AMZN_TRACE_ID", "Root=1-bbb")], set.Take(2));

        stop.Cancel();
        Assert.Equal(0, await host);
    }

    [Fact]
    public async Task An_unusable_event_is_reported_as_an_invocation_error_and_the_loop_goes_on()
    {
        var (host, stop, _, log) = StartHost(Variables());
        var error = await _runtime.InvokeAsync("{\"not\":\"an event\"}", DateTimeOffset.UtcNow.AddMinutes(5));
        var next = await _runtime.InvokeAsync(Events("s3-test-event.json"), DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal("error", error.Kind);
        Assert.Equal("application/vnd.aws.lambda.error+json", error.ContentType);
        Assert.Equal("UnsupportedEvent", error.ErrorType);
        var body = JsonDocument.Parse(error.Body).RootElement;
        Assert.Equal("UnsupportedEvent", body.GetProperty("errorType").GetString());
        Assert.Contains("neither an S3 notification", body.GetProperty("errorMessage").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("stackTrace").ValueKind);
        Assert.Contains("ElbLogProcessor summary", log.ToString());              // the summary is logged on failure too
        Assert.Equal("response", next.Kind);
        stop.Cancel();
        await host;
    }

    [Fact]
    public async Task The_deadline_header_is_the_time_budget()
    {
        var (host, stop, _, _) = StartHost(Variables());
        // 5 s margin and a deadline 3 s away: no time to read anything, so the invocation fails instead of handing over.
        var reply = await _runtime.InvokeAsync(Events("s3-put-classic.json"), DateTimeOffset.UtcNow.AddSeconds(3));
        Assert.Equal("error", reply.Kind);
        Assert.Equal("NoProgress", reply.ErrorType);
        Assert.Contains("s3://samples/classic-elb.log from line 1 (byte 0)", reply.Body);
        stop.Cancel();
        await host;
    }

    [Fact]
    public async Task A_configuration_error_goes_to_init_error_and_the_host_exits()
    {
        var variables = Variables();
        variables["LOGSTASH_SENDERS"] = "zero";
        var (host, _, _, _) = StartHost(variables);

        Assert.Equal(1, await host);
        var initError = await _runtime.InitError.Task;
        Assert.Equal("Runtime.ConfigurationError", initError.ErrorType);
        Assert.Equal("LOGSTASH_SENDERS: 'zero' is not a whole number from 1 to 64",
            JsonDocument.Parse(initError.Body).RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(0, _runtime.NextCalls);
    }

    [Fact]
    public async Task A_margin_inside_the_hard_stop_is_an_init_error()
    {
        var variables = Variables();
        variables["DEADLINE_MARGIN_SECONDS"] = "1";
        var (host, _, _, log) = StartHost(variables);
        Assert.Equal(1, await host);
        var message = JsonDocument.Parse((await _runtime.InitError.Task).Body).RootElement.GetProperty("errorMessage").GetString();
        Assert.StartsWith("DEADLINE_MARGIN_SECONDS: '1' is not a whole number from 5 to 600 (the last 2 s before the deadline are the hard stop", message);
        Assert.Contains($"configuration error: {message}", log.ToString());
    }

    [Fact]
    public async Task No_region_and_no_endpoint_for_s3_is_an_init_error_that_says_what_to_set()
    {
        // Reading S3 for real (no stand-in store): the Region must be known before the first object.
        var variables = Variables();
        var (host, _, _, _) = StartHost(variables, localObjects: false);
        Assert.Equal(1, await host);
        var initError = await _runtime.InitError.Task;
        Assert.Equal("Runtime.ConfigurationError", initError.ErrorType);
        Assert.Equal("AWS_REGION: no AWS Region is set; set AWS_REGION (or a region in the AWS profile) to the Region of the log bucket",
            JsonDocument.Parse(initError.Body).RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task A_bug_fails_its_invocation_with_the_exception_type_and_stack_trace_and_the_loop_goes_on()
    {
        var store = new Moq.Mock<IObjectStore>();
        store.Setup(s => s.OpenAsync(Moq.It.IsAny<ObjectLocation>(), Moq.It.IsAny<long>(), Moq.It.IsAny<CancellationToken>()))
            .Returns(Task.FromException<OpenedObject>(new InvalidOperationException("a bug in the store")));
        var (host, stop, _, log) = StartHost(Variables(), store.Object);

        var error = await _runtime.InvokeAsync(Events("s3-put-classic.json"), DateTimeOffset.UtcNow.AddMinutes(5));
        var next = await _runtime.InvokeAsync(Events("s3-test-event.json"), DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal("error", error.Kind);
        Assert.Equal("System.InvalidOperationException", error.ErrorType);
        var body = JsonDocument.Parse(error.Body).RootElement;
        Assert.Equal("a bug in the store", body.GetProperty("errorMessage").GetString());
        Assert.Contains(body.GetProperty("stackTrace").EnumerateArray(), frame => frame.GetString()!.StartsWith("at ", StringComparison.Ordinal));
        Assert.Contains("error: an unexpected failure, a defect of ElbLogProcessor", log.ToString());
        Assert.Contains("InvalidOperationException: a bug in the store. Please report it with the command you ran and the text below.", log.ToString());
        Assert.Contains("   at ", log.ToString());
        Assert.Equal("response", next.Kind);
        stop.Cancel();
        await host;
    }

    [Fact]
    public async Task A_service_failure_no_one_foresaw_fails_its_invocation_in_one_line_without_a_stack_trace()
    {
        var store = new Moq.Mock<IObjectStore>();
        store.Setup(s => s.OpenAsync(Moq.It.IsAny<ObjectLocation>(), Moq.It.IsAny<long>(), Moq.It.IsAny<CancellationToken>()))
            .Returns(Task.FromException<OpenedObject>(new HttpRequestException(HttpRequestError.ConnectionError,
                "Connection refused (s3.eu-west-1.amazonaws.com:443)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))));
        var (host, stop, _, log) = StartHost(Variables(), store.Object);

        var error = await _runtime.InvokeAsync(Events("s3-put-classic.json"), DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal(("error", "ServiceError"), (error.Kind, error.ErrorType));
        var body = JsonDocument.Parse(error.Body).RootElement;
        Assert.Equal("connection refused (s3.eu-west-1.amazonaws.com:443)", body.GetProperty("errorMessage").GetString());
        Assert.Equal(0, body.GetProperty("stackTrace").GetArrayLength());
        Assert.Contains("error: connection refused (s3.eu-west-1.amazonaws.com:443)\n", log.ToString());
        Assert.DoesNotContain("   at ", log.ToString());
        stop.Cancel();
        await host;
    }

    [Fact]
    public async Task A_defect_at_start_goes_to_init_error_with_its_stack_trace_and_a_request_to_report_it()
    {
        var ssm = new Moq.Mock<Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement>();
        ssm.Setup(s => s.GetParameterAsync(Moq.It.IsAny<Amazon.SimpleSystemsManagement.Model.GetParameterRequest>(), Moq.It.IsAny<CancellationToken>()))
            .Returns(Task.FromException<Amazon.SimpleSystemsManagement.Model.GetParameterResponse>(new InvalidOperationException("a bug in the secret reader")));
        var variables = Variables();
        variables["LOGSTASH_USERNAME"] = "elk";
        variables["LOGSTASH_PASSWORD_PARAMETER"] = "/elb/logstash-password";
        variables["LOGSTASH_ALLOW_HTTP_AUTH"] = "true";
        variables["AWS_REGION"] = "eu-west-1";
        variables["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        variables["AWS_SECRET_ACCESS_KEY"] = "example";
        var (host, _, _, log) = StartHost(variables, ssm: ssm.Object);

        Assert.Equal(1, await host);
        var initError = await _runtime.InitError.Task;
        Assert.Equal("System.InvalidOperationException", initError.ErrorType);
        var body = JsonDocument.Parse(initError.Body).RootElement;
        Assert.True(body.GetProperty("stackTrace").GetArrayLength() > 0);
        Assert.Contains("a defect of ElbLogProcessor", log.ToString());
        Assert.Contains("a bug in the secret reader. Please report it with the command you ran and the text below.", log.ToString());
    }

    [Fact]
    public async Task Logstash_url_is_required_in_lambda()
    {
        var (host, _, _, _) = StartHost(new Dictionary<string, string>());
        Assert.Equal(1, await host);
        Assert.Contains("LOGSTASH_URL", (await _runtime.InitError.Task).Body);
    }

    /// <summary>The built executable, started as Lambda's bootstrap does: no arguments, the Runtime API in the environment.</summary>
    [Fact]
    public async Task The_executable_runs_the_runtime_loop_when_started_without_arguments()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ElbLogProcessor.dll"));
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = _runtime.Address;
        start.Environment["LOGSTASH_URL"] = Logstash.Url.ToString();
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "elb-log-processor";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "example";
        using var process = Process.Start(start)!;
        try
        {
            var reply = await _runtime.InvokeAsync(Events("s3-test-event.json"), DateTimeOffset.UtcNow.AddMinutes(1))
                .WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal("response", reply.Kind);
            Assert.Equal(0, JsonDocument.Parse(reply.Body).RootElement.GetProperty("Lines").GetInt64());
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        var log = await process.StandardOutput.ReadToEndAsync();
        Assert.Contains("\"FunctionName\":\"elb-log-processor\"", log);             // the EMF record in the function log
    }
}
