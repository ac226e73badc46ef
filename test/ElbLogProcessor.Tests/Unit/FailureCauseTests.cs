using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;
using Amazon.S3;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Tests;

/// <summary>Which failures a person can act on, in what words, and which are configuration (exit code 2); the rest are defects.</summary>
[Trait("Category", Category.Unit)]
public class FailureCauseTests
{
    private static AmazonS3Exception S3Error(HttpStatusCode status, string code, string message) =>
        new(message, ErrorType.Sender, code, "TEST", status);

    public static TheoryData<Exception, string, bool> Actionable => new()
    {
        { new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused)),
            "connection refused (127.0.0.1:1)", false },
        { new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (s3.nowhere.invalid:443)", new SocketException((int)SocketError.HostNotFound)),
            "the host name does not resolve (s3.nowhere.invalid:443)", false },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established (logstash:8443)",
                new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")),
            "TLS: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot (logstash:8443)", false },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely. (127.0.0.1:9)"),
            "the connection was closed before an answer (127.0.0.1:9)", false },
        { new TaskCanceledException("timeout", new TimeoutException()), "no answer in time", false },
        { S3Error(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied"), "access denied; the credentials need permission for it (AccessDenied: Access Denied)", false },
        { S3Error(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist"),
            "the bucket does not exist (NoSuchBucket: The specified bucket does not exist)", false },
        { S3Error(HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate."),
            "throttled, after the SDK's retries; try again later or with less parallelism (SlowDown: Please reduce your request rate.)", false },
        { S3Error(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error."),
            "the service failed, after the SDK's retries (HTTP 500 InternalError: We encountered an internal error.)", false },
        { S3Error(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match"),
            "AWS refused the credentials; check AWS_ACCESS_KEY_ID, AWS_PROFILE or the role (SignatureDoesNotMatch: The request signature we calculated does not match)", true },
        { S3Error(HttpStatusCode.MovedPermanently, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint."),
            "the bucket is in another Region than AWS_REGION; set AWS_REGION to the bucket's Region (PermanentRedirect: The bucket you are attempting to access must be addressed using the specified endpoint.)", true },
        { new Amazon.SQS.Model.QueueDoesNotExistException("The specified queue does not exist.") { ErrorCode = "AWS.SimpleQueueService.NonExistentQueue" },
            "the queue does not exist (AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist.)", false },
        { new ConfigurationException("LOGSTASH_URL", "must be an absolute http:// or https:// URL"), "LOGSTASH_URL: must be an absolute http:// or https:// URL", true },
        { new FileNotFoundException("Could not find file '/tmp/x.state'."), "Could not find file '/tmp/x.state'.", false },
        { new AmazonClientException("Unable to reach the endpoint", new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (sqs:443)",
            new SocketException((int)SocketError.ConnectionRefused))), "connection refused (sqs:443)", false },
    };

    [Theory]
    [MemberData(nameof(Actionable))]
    public void A_failure_a_person_can_act_on_is_named_in_words(Exception failure, string cause, bool configuration)
    {
        Assert.Equal(cause, FailureCause.Of(failure));
        Assert.Equal(configuration, FailureCause.IsConfiguration(failure));
    }

    [Fact]
    public void Without_the_endpoint_the_cause_is_what_a_url_in_front_of_it_needs()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal("connection refused", FailureCause.Of(refused, withEndpoint: false));
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(NullReferenceException))]
    [InlineData(typeof(ArgumentOutOfRangeException))]
    [InlineData(typeof(KeyNotFoundException))]
    public void Everything_else_is_a_defect(Type type)
    {
        var defect = (Exception)Activator.CreateInstance(type, "a bug")!;
        Assert.Null(FailureCause.Of(defect));
        Assert.False(FailureCause.IsConfiguration(defect));
    }

    [Fact]
    public void Where_names_the_endpoint_or_the_region()
    {
        Assert.Equal("S3 at http://127.0.0.1:4568/", FailureCause.Where("S3", new AmazonS3Config { ServiceURL = "http://127.0.0.1:4568/" }));
        Assert.Equal("SQS in eu-west-1", FailureCause.Where("SQS", new Amazon.SQS.AmazonSQSConfig { RegionEndpoint = Amazon.RegionEndpoint.EUWest1 }));
    }
}
