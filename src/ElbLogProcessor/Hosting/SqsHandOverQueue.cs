using Amazon.SQS;
using ElbLogProcessor.Pipeline;

namespace ElbLogProcessor.Hosting;

/// <summary>Sends hand-overs to the SQS queue named by <c>CONTINUATION_QUEUE_URL</c>.</summary>
internal sealed class SqsHandOverQueue(IAmazonSQS sqs, string queueUrl) : IHandOverQueue
{
    public Task SendAsync(string message, CancellationToken cancellationToken) =>
        sqs.SendMessageAsync(queueUrl, message, cancellationToken);
}
