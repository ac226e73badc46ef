namespace ElbLogProcessor.Shipping;

/// <summary>Where sealed batches go: NDJSON output locally, the Logstash HTTP input in production.</summary>
public interface IBatchSink : IAsyncDisposable
{
    /// <summary>
    /// The sink of one run: the Logstash shipper when <paramref name="logstash"/> is configured
    /// (over the process's pooled <paramref name="client"/>), NDJSON to <paramref name="ndjson"/> otherwise.
    /// </summary>
    static IBatchSink Create(LogstashOptions? logstash, HttpClient? client, Stream ndjson, Summary.RunSummary summary) =>
        logstash is null
            ? new NdjsonSink(ndjson, summary)
            : new BatchShipper(new LogstashSender(client ?? throw new ArgumentNullException(nameof(client)), logstash, summary),
                logstash, summary);

    /// <summary>How this sink wants the events framed in a batch body.</summary>
    BatchFraming Framing { get; }

    /// <summary>
    /// Takes ownership of a sealed batch. Waits while the sink is saturated: this wait is
    /// what pauses reading and keeps memory bounded.
    /// </summary>
    ValueTask SendAsync(EventBatch batch, CancellationToken cancellationToken);

    /// <summary>Waits until every batch handed over has been delivered or has definitely failed.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
