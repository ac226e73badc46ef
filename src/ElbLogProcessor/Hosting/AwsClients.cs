using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using ElbLogProcessor.Pipeline;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// The AWS clients, made once per process (credentials and region from the usual AWS
/// environment). <c>AWS_ENDPOINT_URL_S3</c> points S3 at a compatible server, path-style.
/// </summary>
public static class AwsClients
{
    /// <param name="credentials">Explicit credentials (tests); otherwise the SDK's default chain.</param>
    public static IAmazonS3 CreateS3(Settings settings, AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: S3-compatible servers do not all send them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (settings.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }
}

/// <summary>Sends continuation messages to the SQS queue named by <c>CONTINUATION_QUEUE_URL</c>.</summary>
public sealed class SqsContinuationQueue(IAmazonSQS sqs, string queueUrl) : IContinuationQueue
{
    public Task SendAsync(string message, CancellationToken cancellationToken) =>
        sqs.SendMessageAsync(queueUrl, message, cancellationToken);
}
