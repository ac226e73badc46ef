namespace ElbLogProcessor.Pipeline;

/// <summary>Where a hand-over goes (an SQS queue in production, the one CONTINUATION_QUEUE_URL names).</summary>
internal interface IHandOverQueue
{
    Task SendAsync(string message, CancellationToken cancellationToken);
}
