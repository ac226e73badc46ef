using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>
/// The flow of docs/design.md for one source: raw bytes -> decoded stream -> lines -> events
/// written into the current batch -> sealed batches to the sink. Reading waits whenever the
/// sink does, so memory is bounded by the sink's queue, not by the size of the source. Every
/// source's outcome (completed, handed over, failed) is recorded in the summary here.
/// </summary>
internal sealed class LogPipeline(IEventWriter writer, IBatchSink sink, BatchOptions limits, RunSummary summary, TextWriter log)
{
    /// <summary>
    /// Opens a source and reads it from <paramref name="start"/>, handing every event to the
    /// sink. Between batches it asks <paramref name="stop"/>: when that says stop, the
    /// lines read so far are sent and the result says where to resume, with no line handled
    /// twice or skipped. A source that cannot be opened or read to its end is a failed result
    /// (after every line before the failure was sent), not an exception; cancellation is.
    /// </summary>
    /// <param name="open">Opens the source; throws <see cref="IOException"/> or <see cref="LogReadException"/> with a message naming it.</param>
    /// <param name="start">The first line to handle (and whether the raw stream already starts there).</param>
    /// <param name="stop">Asked between batches whether to stop (interrupted, or the deadline margin has begun).</param>
    /// <param name="cancellationToken">Abandons the run: lines in hand are counted as not delivered.</param>
    public async Task<SourceResult> ReadAsync(Func<CancellationToken, Task<OpenedSource>> open, ReadStart start,
        ReadStop stop, CancellationToken cancellationToken)
    {
        OpenedSource opened;
        try
        {
            opened = await open(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or LogReadException or UnauthorizedAccessException)
        {
            return await FailedAsync(e.Message, start, compressed: false, eTag: null, bytesRead: 0).ConfigureAwait(false);
        }

        var (decoded, compressed) = await LogStreamDecoder.OpenAsync(opened.Raw, cancellationToken).ConfigureAwait(false);
        await using var _ = decoded;
        using var reader = start.RawStartsAtOffset
            ? new LineReader(decoded, opened.Source.DisplayName, start.LineNumber, start.ByteOffset)
            : new LineReader(decoded, opened.Source.DisplayName);
        long skipBefore = start.RawStartsAtOffset ? 0 : start.ByteOffset;
        long BytesRead() => Math.Max(0, reader.BytesConsumed - start.ByteOffset);
        SourceResult Stopped(SourceOutcome outcome) =>
            new(outcome, reader.NextLineNumber, reader.BytesConsumed, compressed, opened.ETag, null);

        EventBatch? batch = null;   // null also while a full batch is being submitted: the sink then owns it
        try
        {
            if (start.ByteOffset == 0 && await ForeignContentAsync(reader, opened.Source, cancellationToken).ConfigureAwait(false) is { } foreign)
                return await FailedAsync(foreign, start, compressed, opened.ETag, 0, SourceOutcome.NotALog).ConfigureAwait(false);

            batch = NewBatch();
            while (await reader.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                while (ConvertBufferedLines(reader, opened.Source, batch!, skipBefore))
                {
                    var full = batch!;
                    batch = null;
                    await sink.SubmitAsync(full.Seal(), cancellationToken).ConfigureAwait(false);
                    batch = NewBatch();
                    if (stop.Now() is { } stopped)
                    {
                        summary.RecordSource(stopped, BytesRead());
                        return Stopped(stopped);
                    }
                }
            }

            var rest = batch;
            batch = null;
            await SubmitRestAsync(rest, cancellationToken).ConfigureAwait(false);
            summary.RecordSource(SourceOutcome.Completed, BytesRead());
            return Stopped(SourceOutcome.Completed);
        }
        catch (LogReadException e)
        {
            // Lines read before the failure are sent too: nothing read is dropped.
            var rest = batch;
            batch = null;
            await SubmitRestAsync(rest, cancellationToken).ConfigureAwait(false);
            return await FailedAsync(e.Message, new ReadStart(reader.NextLineNumber, reader.BytesConsumed, true), compressed,
                opened.ETag, BytesRead()).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            summary.RecordSource(SourceOutcome.Failed, BytesRead());
            throw;
        }
        finally
        {
            if (batch is not null)
            {
                // Only an abandoned run gets here with a batch in hand: its lines are counted, not lost silently.
                if (batch.Count > 0) summary.RecordUndelivered(batch.Count, $"{opened.Source.DisplayName}: the run was stopped before they were sent");
                batch.Dispose();
            }
        }
    }

    /// <summary>Why the source is not a log this function reads (<see cref="ContentCheck"/>), or null when it is.</summary>
    private static async Task<string?> ForeignContentAsync(LineReader reader, LogSource source, CancellationToken cancellationToken)
    {
        await reader.FillAheadAsync(ContentCheck.BytesLooked, cancellationToken).ConfigureAwait(false);
        return ContentCheck.DescribeForeign(reader.Buffered, reader.IsAtEnd, source.NamedKind) is { } what
            ? $"{source.DisplayName}: not a log this function reads: it looks like {what}; nothing of it was sent"
            : null;
    }

    private async Task<SourceResult> FailedAsync(string message, ReadStart at, bool compressed, string? eTag, long bytesRead,
        SourceOutcome outcome = SourceOutcome.Failed)
    {
        summary.RecordSource(outcome, bytesRead);
        summary.RecordFailure(message);
        await log.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return new SourceResult(outcome, at.LineNumber, at.ByteOffset, compressed, eTag, message);
    }

    /// <summary>Submits the last, partly filled batch (or lets an empty one go).</summary>
    private async ValueTask SubmitRestAsync(EventBatch? batch, CancellationToken cancellationToken)
    {
        if (batch is null) return;
        if (batch.Count == 0)
        {
            batch.Dispose();
            return;
        }

        await sink.SubmitAsync(batch.Seal(), cancellationToken).ConfigureAwait(false);
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
            var result = writer.Write(line, position, source, batch);
            summary.RecordLine(result);
            if (result.Failure is { } failure)
                summary.RecordFailure($"malformed: {source.DisplayName} line {position.LineNumber}: {failure}");
            if (batch.IsFull) return true;
        }

        return false;
    }

    private EventBatch NewBatch() => EventBatch.For(sink.Framing, limits);
}
