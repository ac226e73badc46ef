using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Shipping;

/// <summary>Writes batches as NDJSON (one event per line) to a stream: stdout when no Logstash is configured.</summary>
internal sealed class NdjsonSink(Stream output, RunSummary summary) : IBatchSink
{
    public BatchFraming Framing => BatchFraming.Ndjson;

    public async ValueTask SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        using (batch)
        {
            try
            {
                await output.WriteAsync(batch.Body, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                summary.RecordUndelivered(batch.Count, "the run was stopped before the batch was written");
                throw;
            }

            summary.RecordDelivered(batch.Count, batch.Length);
        }
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => output.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
