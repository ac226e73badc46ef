using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;

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

/// <summary>
/// The clients a function process keeps for all its invocations (S3, Logstash HTTP, SQS for
/// continuations) and the handler built over them; disposing it disposes the clients.
/// </summary>
public sealed class FunctionClients : IDisposable
{
    private readonly IDisposable?[] _owned;

    /// <param name="store">Where objects are read from; null for S3.</param>
    public FunctionClients(Settings settings, IObjectStore? store, Stream ndjsonOutput, TextWriter log)
    {
        var s3 = store is null ? AwsClients.CreateS3(settings) : null;
        var logstash = settings.Logstash is { } options ? LogstashHttp.CreateClient(options) : null;
        var sqs = settings.ContinuationQueueUrl is not null ? new AmazonSQSClient() : null;
        _owned = [s3, logstash, sqs];
        var continuation = sqs is null ? null : new SqsContinuationQueue(sqs, settings.ContinuationQueueUrl!);
        Processor = new InvocationProcessor(settings, store ?? new S3ObjectStore(s3!), logstash, continuation, ndjsonOutput, log);
    }

    public InvocationProcessor Processor { get; }

    public void Dispose()
    {
        foreach (var client in _owned) client?.Dispose();
    }
}
