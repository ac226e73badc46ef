using System.Net;

namespace ElbLogProcessor.Tests;

/// <summary>
/// What a person sees when something they can fix goes wrong, from the built executable: an endpoint that
/// refuses, a host name that does not resolve, a service that answers an error, a bad option value. Each
/// is one line naming the service, the endpoint or resource and the cause, with exit code 1 (2 for
/// configuration and the command line), and never a stack trace.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class CommandFailureTests : IDisposable
{
    private readonly TempFolder _folder = new("elb-failures-");

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string> Aws(params (string Name, string Value)[] more)
    {
        var variables = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "example",
            ["AWS_REGION"] = "us-east-1",
            // The SDK's retries stay, but quick: the tests wait for them.
            ["AWS_MAX_ATTEMPTS"] = "2",
        };
        foreach (var (name, value) in more) variables[name] = value;
        return variables;
    }

    private static string ClosedEndpoint() => $"http://127.0.0.1:{ShippingTests.FreePort()}/";

    /// <summary>The exit code, and stderr as exactly one line without a stack trace.</summary>
    private static string OneLine((int ExitCode, string Stdout, string Stderr) run, int exitCode)
    {
        Executable.AssertNoStackTrace(run.Stderr);
        Assert.True(run.ExitCode == exitCode, $"exit code {run.ExitCode}, stderr:\n{run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return Assert.Single(lines);
    }

    [Fact]
    public async Task A_run_that_gives_up_on_a_refusing_logstash_ends_when_its_error_line_says()
    {
        // 50 batches, 4 senders, 6 attempts each (about 9 s of backoff): before giving up stopped the batches already
        // retrying, senders that had failed one batch took the next and retried it in full, twice as long as stated.
        var log = LogLines.WriteLog(_folder.Path, 5000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await Executable.RunAsync(new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = ClosedEndpoint(),
            ["BATCH_MAX_EVENTS"] = "100",
            ["LOGSTASH_MAX_ATTEMPTS"] = "6",
            ["LOGSTASH_RETRY_BASE_DELAY_MS"] = "300",
        }, "process", log);
        var wall = clock.Elapsed;

        var error = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Equal(1, run.ExitCode);
        var stated = System.Text.RegularExpressions.Regex.Match(error, @"; gave up: 3 batches in a row failed every attempt, over (\d+) s$");
        Assert.True(stated.Success, error);
        var failing = TimeSpan.FromSeconds(int.Parse(stated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1);   // "9 s" is 9 to 10 s
        Assert.True(wall <= failing * 1.3, $"the run took {wall.TotalSeconds:0.0} s; its error line says: {error}");
        Assert.Contains("\"EventsFailed\":5000,", run.Stderr);
    }

    [Fact]
    public async Task Backfill_against_an_s3_endpoint_that_refuses_says_so_in_one_line()
    {
        var endpoint = ClosedEndpoint();
        var run = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_S3", endpoint)), "backfill", "s3://logs/AWSLogs/");
        var port = new Uri(endpoint).Port;
        Assert.Equal($"error: cannot list s3://logs/AWSLogs/ (S3 at {endpoint}): connection refused (127.0.0.1:{port})", OneLine(run, 1));
    }

    [Fact]
    public async Task Backfill_against_an_s3_host_name_that_does_not_resolve_says_so_in_one_line()
    {
        var run = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_S3", "http://s3.nonexistent.invalid:9000")), "backfill", "s3://logs/");
        Assert.Equal("error: cannot list s3://logs/ (S3 at http://s3.nonexistent.invalid:9000/): the host name does not resolve " +
                     "(s3.nonexistent.invalid:9000)", OneLine(run, 1));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied", 1,
        "access denied; the credentials need permission for it (AccessDenied: Access Denied)")]
    [InlineData(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist", 1,
        "the bucket does not exist (NoSuchBucket: The specified bucket does not exist)")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate.", 1,
        "throttled, after the SDK's retries; try again later or with less parallelism (SlowDown: Please reduce your request rate.)")]
    [InlineData(HttpStatusCode.Forbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 2,
        "AWS refused the credentials; check AWS_ACCESS_KEY_ID, AWS_PROFILE or the role (InvalidAccessKeyId: The AWS Access Key Id you provided does not exist in our records.)")]
    public async Task Backfill_against_s3_that_answers_an_error_names_it(HttpStatusCode status, string code, string message, int exitCode, string cause)
    {
        await using var s3 = await AwsErrorServer.S3(status, code, message);
        var run = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_S3", s3.Endpoint.ToString())), "backfill", "s3://logs/AWSLogs/");
        Assert.Equal($"error: cannot list s3://logs/AWSLogs/ (S3 at {s3.Endpoint}): {cause}", OneLine(run, exitCode));
        if (code == "SlowDown") Assert.True(s3.Requests >= 2, $"{s3.Requests} requests: the SDK did not retry");
    }

    [Fact]
    public async Task Backfill_of_objects_that_cannot_be_read_fails_each_with_its_reason_and_no_stack_trace()
    {
        await using var s3 = await AwsErrorServer.S3ListingThen(["AWSLogs/a.log", "AWSLogs/b.log"], HttpStatusCode.Forbidden, "AccessDenied", "Access Denied");
        var run = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_S3", s3.Endpoint.ToString())), "backfill", "s3://logs/AWSLogs/");

        Executable.AssertNoStackTrace(run.Stderr);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"Outcomes\":{\"Failed\":2}", run.Stderr);
        Assert.Contains("\"Reason\":\"s3://logs/AWSLogs/a.log at byte 0: access denied\"", run.Stderr);
    }

    [Fact]
    public async Task Backfill_via_a_queue_that_refuses_says_so_and_how_many_messages_went_before()
    {
        await using var s3 = await AwsErrorServer.S3ListingThen(["AWSLogs/a.log"], HttpStatusCode.Forbidden, "AccessDenied", "Access Denied");
        var sqs = ClosedEndpoint();
        var queue = $"{sqs}123456789012/elb-log-processor-continuations";
        var run = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_S3", s3.Endpoint.ToString()), ("AWS_ENDPOINT_URL_SQS", sqs)),
            "backfill", "s3://logs/AWSLogs/", "--via-queue", queue);
        Executable.AssertNoStackTrace(run.Stderr);
        Assert.Equal(1, run.ExitCode);
        // After the last progress line (stderr is not a terminal), the one line of the failure.
        Assert.Equal($"error: cannot send to {queue} (SQS at {sqs}): connection refused (127.0.0.1:{new Uri(sqs).Port}) (0 messages were sent before)",
            run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public async Task Replay_against_sqs_that_refuses_or_does_not_resolve_says_so_in_one_line()
    {
        var sqs = ClosedEndpoint();
        var queue = $"{sqs}123456789012/elb-log-processor-failures";
        var refused = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_SQS", sqs)), "replay", queue);
        Assert.Equal($"error: cannot replay from {queue} (SQS at {sqs}): connection refused (127.0.0.1:{new Uri(sqs).Port})", OneLine(refused, 1));

        // Without an endpoint variable the SDK calls the Region's endpoint, whatever host the queue URL names.
        var unresolved = await Executable.RunAsync(Aws(("AWS_REGION", "eu-west-1")), "replay",
            "https://sqs.eu-west-1.amazonaws.com/123456789012/elb-log-processor-failures");
        var line = OneLine(unresolved, 1);
        Assert.StartsWith("error: cannot replay from https://sqs.eu-west-1.amazonaws.com/123456789012/elb-log-processor-failures (SQS in eu-west-1): ", line);
        Assert.Matches(@"\): (the host name does not resolve|connection refused|the network or host is unreachable|the connection timed out) \(sqs\.eu-west-1\.amazonaws\.com:443\)$", line);
    }

    [Fact]
    public async Task Replay_of_a_queue_that_does_not_exist_says_so()
    {
        await using var sqs = await AwsErrorServer.Sqs(HttpStatusCode.BadRequest, "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
            "The specified queue does not exist.");
        var queue = $"{sqs.Endpoint}123456789012/no-such-queue";
        var run = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_SQS", sqs.Endpoint.ToString())), "replay", queue);
        var line = OneLine(run, 1);
        Assert.StartsWith($"error: cannot replay from {queue} (SQS at {sqs.Endpoint}): the queue does not exist (", line);
    }

    [Theory]
    [InlineData("replay", "not-a-url")]
    [InlineData("replay", "https://sqs.eu-west-1.amazonaws.com/elb-log-processor-failures")]
    [InlineData("backfill", "s3://logs/", "--via-queue", "sqs://queue")]
    public async Task A_malformed_queue_url_is_a_usage_error(params string[] arguments)
    {
        var run = await Executable.RunAsync(Aws(), arguments);
        Assert.Matches(@"^error: (--via-queue: )?'[^']+' is not an SQS queue URL \(https://sqs\.REGION\.amazonaws\.com/ACCOUNT/QUEUE", OneLine(run, 2));
    }

    [Fact]
    public async Task Invoke_against_an_s3_endpoint_that_refuses_names_the_object_and_the_cause()
    {
        var endpoint = ClosedEndpoint();
        var eventFile = _folder.Write("event.json", System.Text.Encoding.UTF8.GetBytes(S3Events.Put("logs", "AWSLogs/a.log")));
        var run = await Executable.RunAsync(Aws(("AWS_ENDPOINT_URL_S3", endpoint)), "invoke", eventFile);

        Executable.AssertNoStackTrace(run.Stderr);
        Assert.Equal(1, run.ExitCode);
        string cause = $"s3://logs/AWSLogs/a.log at byte 0: connection refused (127.0.0.1:{new Uri(endpoint).Port}) (4 attempts)";
        Assert.Contains($"\nerror: ObjectsNotRead: {cause}\n", run.Stderr);
    }

    [Fact]
    public async Task Process_with_logstash_down_ends_with_the_target_and_the_cause()
    {
        var logstash = ClosedEndpoint();
        var log = LogLines.WriteLog(_folder.Path, 200);
        var run = await Executable.RunAsync(new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = logstash,
            ["LOGSTASH_MAX_ATTEMPTS"] = "3",
            ["LOGSTASH_RETRY_BASE_DELAY_MS"] = "10",
        }, "process", log);

        Executable.AssertNoStackTrace(run.Stderr);
        Assert.Equal(1, run.ExitCode);
        var last = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches($@"^error: 200 of 200 events not delivered to {logstash}: connection refused \(3 attempts over \d+ ms\)$", last);
    }

    [Theory]
    [InlineData("--from: '2026-13-01' is not a day (YYYY-MM-DD)", "backfill", "s3://logs/", "--from", "2026-13-01")]
    [InlineData("--to: 'yesterday' is not a day (YYYY-MM-DD)", "backfill", "s3://logs/", "--from", "2026-11-01", "--to", "yesterday")]
    [InlineData("--parallel: '0' is not a whole number from 1 to 64", "backfill", "s3://logs/", "--parallel", "0")]
    [InlineData("--progress-interval: 'soon' is not a number of seconds from 0.1 to 3600 (such as 5 or 0.5)", "backfill", "s3://logs/",
        "--progress-interval", "soon")]
    [InlineData("--max-messages: 'all' is not a whole number from 1 to 1,000,000", "replay", "https://sqs.eu-west-1.amazonaws.com/1/q",
        "--max-messages", "all")]
    [InlineData("--timeout-seconds: '901' is not a whole number from 1 to 900", "invoke", "event.json", "--timeout-seconds", "901")]
    public async Task An_option_value_that_does_not_parse_is_one_line_and_exit_code_2(string expected, params string[] arguments)
    {
        var run = await Executable.RunAsync(Aws(), arguments);
        Assert.Equal($"error: {expected}", OneLine(run, 2));
        Assert.Empty(run.Stdout);   // no help text
    }

    [Fact]
    public async Task An_invalid_variable_is_one_line_naming_it()
    {
        var run = await Executable.RunAsync(new Dictionary<string, string> { ["LOGSTASH_URL"] = "http://127.0.0.1:1/", ["LOGSTASH_SENDERS"] = "lots" },
            "process", "deploy/samples/classic-elb.log");
        Assert.Equal("configuration error: LOGSTASH_SENDERS: 'lots' is not a whole number from 1 to 64", OneLine(run, 2));
    }
}
