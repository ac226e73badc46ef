using Amazon.SQS;
using ElbLogProcessor.Pipeline;

namespace ElbLogProcessor.Hosting;

/// <summary>Sends continuation messages to the SQS queue named by <c>CONTINUATION_QUEUE_URL</c>.</summary>
internal sealed class SqsContinuationQueue(IAmazonSQS sqs, string queueUrl) : IContinuationQueue
{
    public Task SendAsync(string message, CancellationToken cancellationToken) =>
        sqs.SendMessageAsync(queueUrl, message, cancellationToken);
}
