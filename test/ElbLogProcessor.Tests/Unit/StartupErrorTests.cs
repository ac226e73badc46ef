using Amazon.Runtime;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Hosting;

namespace ElbLogProcessor.Tests;

/// <summary>Problems a person can fix stop the start with one line naming what to fix (exit 2), never a stack trace.</summary>
[Trait("Category", Category.Unit)]
public class StartupErrorTests
{
    private static void AssertOneLineConfigurationError(CommandResult result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Events);
        Assert.Equal($"configuration error: {expected}", result.Diagnostics.TrimEnd('\n'));
        Assert.DoesNotContain("   at ", result.Diagnostics);
    }

    [Fact]
    public async Task An_invalid_value_stops_process_before_anything_is_read()
    {
        var result = await CommandRunner.Run(new Variables(("LOGSTASH_URL", "http://127.0.0.1:1/"), ("LOGSTASH_SENDERS", "lots")), "process", "whatever.log");
        AssertOneLineConfigurationError(result, "LOGSTASH_SENDERS: 'lots' is not a whole number from 1 to 64");
    }

    [Theory]
    [InlineData("LOGSTASH_GZIP", "maybe", "LOGSTASH_GZIP: 'maybe' is not true or false")]
    [InlineData("LOGSTASH_SENDERS", "1e3", "LOGSTASH_SENDERS: '1e3' is not a whole number from 1 to 64")]
    [InlineData("LOGSTASH_USERNAME", "bob", "LOGSTASH_PASSWORD: basic auth needs LOGSTASH_USERNAME and LOGSTASH_PASSWORD (or LOGSTASH_PASSWORD_PARAMETER)")]
    [InlineData("MAX_LINE_BYTES", "512", "MAX_LINE_BYTES: '512' is not a whole number from 1024 to 67108864")]
    public async Task Every_variable_is_checked_at_start_also_when_events_go_to_stdout(string name, string value, string expected)
    {
        var result = await CommandRunner.Run(new Variables((name, value)), "process", "whatever.log");
        AssertOneLineConfigurationError(result, expected);
    }

    [Fact]
    public async Task Log_buckets_must_be_bucket_names()
    {
        var result = await CommandRunner.Run(new Variables(("LOG_BUCKETS", "my-logs, s3://other")), "process", "whatever.log");
        AssertOneLineConfigurationError(result, "LOG_BUCKETS: 's3://other' is no S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens); " +
                                                "give bucket names separated by commas");
    }

    [Fact]
    public async Task Log_accounts_must_be_account_ids()
    {
        var result = await CommandRunner.Run(new Variables(("LOG_ACCOUNTS", "111111111111,arn:aws:iam::222222222222:root")), "process", "whatever.log");
        AssertOneLineConfigurationError(result, "LOG_ACCOUNTS: 'arn:aws:iam::222222222222:root' is no AWS account id (12 digits); " +
                                                "give account ids (or * alone, for every account) separated by commas");
    }

    [Fact]
    public async Task Backfill_of_a_bucket_not_in_log_buckets_is_refused_before_any_request()
    {
        var aws = new Variables(("LOG_BUCKETS", "my-logs"), ("AWS_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "example"), ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1/"), ("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:1/"));
        var here = await CommandRunner.Run(aws, "backfill", "s3://someone-elses/AWSLogs/");
        Assert.Equal(2, here.ExitCode);
        Assert.Equal("error: s3://someone-elses/AWSLogs/: bucket 'someone-elses' is not one of LOG_BUCKETS (my-logs): refused, nothing of it read\n",
            here.Diagnostics);
        var viaQueue = await CommandRunner.Run(aws, "backfill", "s3://someone-elses/", "--via-queue", "https://sqs.us-east-1.amazonaws.com/123456789012/q");
        Assert.Equal(2, viaQueue.ExitCode);
        Assert.StartsWith("error: s3://someone-elses/: bucket 'someone-elses' is not one of LOG_BUCKETS (my-logs)", viaQueue.Diagnostics);
    }

    [Fact]
    public async Task Invoke_of_a_log_file_says_it_is_a_log_not_an_event_before_asking_for_a_region()
    {
        var log = RepositoryFiles.Path("deploy", "samples", "classic-elb.log");
        var result = await CommandRunner.Run(new Variables(), "invoke", log);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {log} is a log file, not an invocation event: 'process {log}' " +
                     "reads a log file; invoke takes an S3, SQS, SNS or EventBridge event naming objects (samples in deploy/events/)\n",
            result.Diagnostics);
    }

    [Fact]
    public async Task Invoke_with_a_local_root_that_does_not_exist_says_so_once()
    {
        using var folder = new TempFolder();
        var eventFile = folder.Write("event.json", System.Text.Encoding.UTF8.GetBytes(S3Events.Put("logs", "a.log")));
        var missing = System.IO.Path.Combine(folder.Path, "nonexistent");
        var result = await CommandRunner.Run(new Variables(), "invoke", eventFile, "--local-root", missing);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --local-root {missing}: no such directory\n", result.Diagnostics);
    }

    [Fact]
    public async Task A_directory_given_as_a_log_file_is_called_a_directory()
    {
        using var folder = new TempFolder();
        var result = await CommandRunner.Run(new Variables(), "process", folder.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {folder.Path}: is a directory, not a log file (name the files in it)\n", result.Diagnostics);
    }

    [Fact]
    public async Task A_binary_file_is_described_not_printed()
    {
        using var folder = new TempFolder();
        var binary = folder.Write("ls.log", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0xC3, 0x28, (byte)'\n', .. new byte[100]]);
        var result = await CommandRunner.Run(new Variables(), "process", binary);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("it looks like an ELF executable, not text (it begins with the bytes 7F454C4602010100)", result.Diagnostics);
        Assert.DoesNotContain('\uFFFD', result.Diagnostics);
    }

    [Fact]
    public async Task An_unknown_command_is_one_line()
    {
        var result = await CommandRunner.Run(new Variables(), "proces", "a.log");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: Unrecognized command or argument 'proces'. (usage: ElbLogProcessor <command> [options]; --help lists the options)\n",
            result.Diagnostics);
    }

    [Fact]
    public async Task Invoke_against_s3_without_a_region_says_to_set_one()
    {
        using var folder = new TempFolder();
        var eventFile = folder.Write("event.json", System.Text.Encoding.UTF8.GetBytes(S3Events.Put("logs", "a.log")));
        var result = await CommandRunner.Run(new Variables(), "invoke", eventFile);
        AssertOneLineConfigurationError(result,
            "AWS_REGION: no AWS Region is set; set AWS_REGION (or a region in the AWS profile) to the Region of the log bucket");
    }

    [Fact]
    public async Task Invoke_with_a_ca_bundle_that_is_not_pem_says_so()
    {
        using var folder = new TempFolder();
        var bundle = folder.Write("ca.der", TestCertificates.SelfSignedCaDer());
        var eventFile = folder.Write("event.json", System.Text.Encoding.UTF8.GetBytes(S3Events.Put("logs", "a.log")));
        var result = await CommandRunner.Run(new Variables(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_CA_BUNDLE", bundle)),
            "invoke", eventFile, "--local-root", folder.Path);
        AssertOneLineConfigurationError(result, $"LOGSTASH_CA_BUNDLE: '{bundle}' holds no PEM certificate (-----BEGIN CERTIFICATE-----); " +
                                                "convert a DER file with 'openssl x509 -inform der -in ca.der -out ca.pem'");
    }

    [Fact]
    public void No_credentials_anywhere_says_where_they_can_come_from()
    {
        var error = Assert.Throws<ConfigurationException>(() => AwsEnvironment.Find(new Variables(("AWS_REGION", "eu-west-1")), needsRegion: true,
            credentials: null, credentialChain: () => throw new AmazonClientException("Failed to resolve AWS credentials.")));
        Assert.Equal("AWS credentials: none were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role provides them",
            error.Message);
    }

    [Fact]
    public void A_region_from_the_environment_is_enough_and_an_s3_endpoint_needs_none()
    {
        var credentials = new BasicAWSCredentials("AKIDEXAMPLE", "example");
        using var s3 = AwsEnvironment.Find(new Variables(("AWS_REGION", "eu-west-1")), needsRegion: true, credentials)
            .CreateS3(new AwsOptions());
        Assert.Equal("eu-west-1", s3.Config.RegionEndpoint.SystemName);
        Assert.Null(Record.Exception(() => AwsEnvironment.Find(new Variables(), needsRegion: false, credentials)));
    }
}
