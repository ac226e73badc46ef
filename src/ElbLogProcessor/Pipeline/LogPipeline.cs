using ElbLogProcessor.Events;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>Where reading a source starts.</summary>
/// <param name="LineNumber">Number of the first line to handle.</param>
/// <param name="ByteOffset">Decoded offset of that line.</param>
/// <param name="RawStartsAtOffset">
/// The raw stream already starts at <paramref name="ByteOffset"/> (a plain object read with a
/// range); otherwise it starts at 0 and the lines before the offset are skipped (gzip, whose
/// decoding must restart from the beginning).
/// </param>
public readonly record struct ReadStart(long LineNumber, long ByteOffset, bool RawStartsAtOffset)
{
    public static ReadStart Beginning => new(1, 0, RawStartsAtOffset: true);
}

/// <summary>What reading one source came to.</summary>
/// <param name="Completed">The source was read to its end.</param>
/// <param name="NextLineNumber">Number of the first line not handled (resume point).</param>
/// <param name="NextByteOffset">Decoded offset of the first byte not handled (resume point).</param>
/// <param name="Compressed">The source is gzip.</param>
public readonly record struct SourceResult(bool Completed, long NextLineNumber, long NextByteOffset, bool Compressed);

/// <summary>
/// The flow of design.md for one source: decoded stream -> lines -> events written into
/// the current batch -> sealed batches to the sink. Reading waits whenever the sink does,
/// so memory is bounded by the sink's queue, not by the size of the source.
/// </summary>
public sealed class LogPipeline(EventWriter eventWriter, IBatchSink sink, BatchLimits limits, RunSummary summary)
{
    /// <summary>Reads a whole source from its beginning (see the other overload).</summary>
    public Task<SourceResult> ProcessAsync(Stream raw, LogSource source, CancellationToken cancellationToken) =>
        ProcessAsync(raw, source, ReadStart.Beginning, stopRequested: null, cancellationToken);

    /// <summary>
    /// Reads <paramref name="raw"/> (plain or gzip) from <paramref name="start"/> and hands every
    /// event to the sink. Between batches it asks <paramref name="stopRequested"/>: when that
    /// says stop, the lines read so far are sent and the result says where to resume, with no
    /// line handled twice or skipped. When the source cannot be read to its end, every line
    /// before the failure is still delivered, and the <see cref="LogReadException"/> propagates.
    /// </summary>
    public async Task<SourceResult> ProcessAsync(Stream raw, LogSource source, ReadStart start, Func<bool>? stopRequested,
        CancellationToken cancellationToken)
    {
        var (decoded, compressed) = await LogStreamDecoder.OpenAsync(raw, cancellationToken).ConfigureAwait(false);
        await using var _ = decoded;
        using var reader = start.RawStartsAtOffset
            ? new LineReader(decoded, source.DisplayName, start.LineNumber, start.ByteOffset)
            : new LineReader(decoded, source.DisplayName);
        long skipBefore = start.RawStartsAtOffset ? 0 : start.ByteOffset;
        EventBatch? batch = NewBatch();   // null while a full batch is being handed to the sink, which then owns it
        bool completed = false;
        try
        {
            while (await reader.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                while (ConvertBufferedLines(reader, source, batch!, skipBefore))
                {
                    var full = batch!;
                    batch = null;
                    await sink.SendAsync(full.Seal(), cancellationToken).ConfigureAwait(false);
                    batch = NewBatch();
                    if (stopRequested?.Invoke() == true)
                        return new SourceResult(false, reader.NextLineNumber, reader.BytesConsumed, compressed);
                }
            }

            completed = true;
        }
        finally
        {
            // Lines read before a failure or a stop are sent too: nothing read is dropped.
            // On cancellation the run is being abandoned: they are counted as not delivered.
            if (batch is { Count: > 0 } && !cancellationToken.IsCancellationRequested)
                await sink.SendAsync(batch.Seal(), cancellationToken).ConfigureAwait(false);
            else if (batch is not null)
            {
                if (batch.Count > 0) summary.RecordUndelivered(batch.Count, $"{source.DisplayName}: the run was stopped before they were sent");
                batch.Dispose();
            }
            summary.RecordSourceDone(reader.BytesConsumed - start.ByteOffset, completed);
        }

        return new SourceResult(true, reader.NextLineNumber, reader.BytesConsumed, compressed);
    }

    /// <summary>
    /// Converts the lines already in the reader's buffer; returns true when it stopped
    /// because the batch is full (synchronous: spans never cross an await).
    /// </summary>
    private bool ConvertBufferedLines(LineReader reader, LogSource source, EventBatch batch, long skipBefore)
    {
        while (reader.TryReadLine(out var line, out var position))
        {
            if (position.ByteOffset < skipBefore) continue;   // handled by an earlier invocation
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

    /// <summary>
    /// Sized to the byte limit exactly: the pool hands out power-of-two arrays, so asking for a
    /// little more would double every batch's memory; the rare batch that passes the limit grows once.
    /// </summary>
    private EventBatch NewBatch() => new(sink.Framing, Math.Min(limits.MaxBytes, 4 * 1024 * 1024), limits.MaxEvents);
}
