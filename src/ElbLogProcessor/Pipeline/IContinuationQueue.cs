namespace ElbLogProcessor.Pipeline;

/// <summary>Where a continuation message goes (an SQS queue in production).</summary>
internal interface IContinuationQueue
{
    Task SendAsync(string message, CancellationToken cancellationToken);
}
