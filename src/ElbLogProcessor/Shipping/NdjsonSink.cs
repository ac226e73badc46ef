using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// Writes batches as NDJSON (one event per line) to a stream: stdout when no Logstash is configured. A write that
/// fails ends the run (<see cref="OutputClosedException"/>): with no reader, nothing more is worth reading.
/// </summary>
internal sealed class NdjsonSink(Stream output, RunSummary summary) : IBatchSink
{
    private OutputClosedException? _closed;

    public BatchFraming Framing => BatchFraming.Ndjson;

    public async ValueTask SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        using (batch)
        {
            if (_closed is not null)
            {
                summary.RecordUndelivered(batch.Count, _closed.Message);
                throw _closed;
            }

            try
            {
                await output.WriteAsync(batch.Body, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                summary.RecordUndelivered(batch.Count, "the run was stopped before the batch was written");
                throw;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
            {
                _closed = new OutputClosedException(summary.EventsSent + summary.EventsFailed + batch.Count, summary.EventsSent, e);
                summary.RecordUndelivered(batch.Count, _closed.Message);
                throw _closed;
            }

            summary.RecordDelivered(batch.Count, batch.Length);
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_closed is not null) return;
        try
        {
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _closed = new OutputClosedException(summary.EventsSent + summary.EventsFailed, summary.EventsSent, e);
            throw _closed;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
