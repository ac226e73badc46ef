using ElbLogProcessor.Events;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>What reading one source came to.</summary>
/// <param name="Completed">The source was read to its end.</param>
/// <param name="NextLineNumber">Number of the first line not handled (resume point).</param>
/// <param name="NextByteOffset">Decoded offset of the first byte not handled (resume point).</param>
public readonly record struct SourceResult(bool Completed, long NextLineNumber, long NextByteOffset);

/// <summary>
/// The flow of design.md for one source: decoded stream -> lines -> events written into
/// the current batch -> sealed batches to the sink. Reading waits whenever the sink does,
/// so memory is bounded by the sink's queue, not by the size of the source.
/// </summary>
public sealed class LogPipeline(EventWriter eventWriter, IBatchSink sink, BatchLimits limits, RunSummary summary)
{
    /// <summary>
    /// Reads <paramref name="raw"/> (plain or gzip) to its end and hands every event to the
    /// sink. When the source cannot be read to its end, every line before the failure is
    /// still delivered, and the <see cref="LogReadException"/> propagates.
    /// </summary>
    public async Task<SourceResult> ProcessAsync(Stream raw, LogSource source, CancellationToken cancellationToken)
    {
        await using var decoded = await LogStreamDecoder.OpenAsync(raw, cancellationToken).ConfigureAwait(false);
        using var reader = new LineReader(decoded, source.DisplayName);
        var batch = NewBatch();
        bool completed = false;
        try
        {
            while (await reader.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                while (ConvertBufferedLines(reader, source, batch))
                {
                    await sink.SendAsync(batch.Seal(), cancellationToken).ConfigureAwait(false);
                    batch = NewBatch();
                }
            }

            completed = true;
        }
        finally
        {
            // Lines read before a failure are sent too: nothing read is dropped.
            // (On cancellation the run is being abandoned and the summary says so.)
            if (batch.Count > 0 && !cancellationToken.IsCancellationRequested)
                await sink.SendAsync(batch.Seal(), cancellationToken).ConfigureAwait(false);
            else batch.Dispose();
            summary.RecordSourceDone(reader.BytesConsumed, completed);
        }

        return new SourceResult(completed, reader.NextLineNumber, reader.BytesConsumed);
    }

    /// <summary>
    /// Converts the lines already in the reader's buffer; returns true when it stopped
    /// because the batch is full (synchronous: spans never cross an await).
    /// </summary>
    private bool ConvertBufferedLines(LineReader reader, LogSource source, EventBatch batch)
    {
        while (reader.TryReadLine(out var line, out var position))
        {
            var outcome = eventWriter.Write(line, position, source, batch);
            summary.RecordLine(outcome);
            if (outcome == LineOutcome.Blank) continue;
            batch.EndEvent();
            if (outcome == LineOutcome.Malformed && eventWriter.LastFailureReason is { } reason)
                summary.RecordFailure($"malformed: {reason}");
            if (limits.IsFull(batch)) return true;
        }

        return false;
    }

    private EventBatch NewBatch() => new(sink.Framing, Math.Min(limits.MaxBytes + 64 * 1024, 4 * 1024 * 1024));
}
