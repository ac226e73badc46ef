namespace ElbLogProcessor.Shipping;

/// <summary>Where sealed batches go: NDJSON output locally, the Logstash HTTP input in production.</summary>
internal interface IBatchSink : IAsyncDisposable
{
    /// <summary>How this sink wants the events framed in a batch body.</summary>
    BatchFraming Framing { get; }

    /// <summary>
    /// Hands over a sealed batch: from here on the sink owns it (and disposes it). Waits while
    /// the sink is full: this wait is what pauses reading and keeps memory bounded.
    /// </summary>
    ValueTask SubmitAsync(EventBatch batch, CancellationToken cancellationToken);

    /// <summary>Waits until every batch submitted has been delivered or has definitely failed.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
