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
