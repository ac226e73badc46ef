using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Invocation;
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
    /// <summary>Reads a local file from its first line (<see cref="ReadAsync"/>); its events name it by its path.</summary>
    public async Task<SourceResult> ReadFileAsync(string path, ReadStop stop, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            // No FileStream buffer: the line reader reads in large blocks already.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET says "access denied" for a directory: say what it is.
            var message = Directory.Exists(path) ? "is a directory, not a log file (name the files in it)" : e.Message;
            return await FailedAsync($"{path}: {message}", ReadStart.Beginning, eTag: null, bytesRead: 0).ConfigureAwait(false);
        }

        return await ReadAsync(file, () => SeekableObjectStream.OfFile(path), LogSource.ForFile(path), ReadStart.Beginning, stop, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Reads an object from <paramref name="o"/>'s start (<see cref="ReadAsync"/>): the beginning, or the line a previous
    /// invocation handed over (a plain object resumes with a range, a gzip one is decoded again and skips the lines already sent).
    /// </summary>
    /// <returns>The result, and when reading stopped before the end (time up, interrupted), where the rest starts: the hand-over.</returns>
    public async Task<(SourceResult Result, ObjectToRead? HandOver)> ReadObjectAsync(IObjectStore store, ObjectToRead o, ReadStop stop,
        CancellationToken cancellationToken)
    {
        var location = o.Location;
        OpenedObject opened;
        try
        {
            opened = await store.OpenAsync(location, o.Start.RawOffset, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or LogReadException or UnauthorizedAccessException)
        {
            return (await FailedAsync(e.Message, o.Start, eTag: null, bytesRead: 0).ConfigureAwait(false), null);
        }

        var eTag = location.ETag ?? opened.ETag;
        var source = LogSource.ForS3(location.Bucket, location.Key, eTag, location.VersionId);
        // A Parquet object is read again by ranges, every one from the version this read found.
        SeekableObjectStream Seekable() => SeekableObjectStream.Of(store, location with { ETag = eTag },
            opened.Length ?? throw new LogReadException(source.DisplayName, 1, 0, "a Parquet object whose size the store did not say"));
        var result = await ReadAsync(opened.Content, Seekable, source, o.Start, stop, cancellationToken, eTag).ConfigureAwait(false);
        var handOver = result.Outcome is SourceOutcome.HandedOver or SourceOutcome.Interrupted
            ? o with { Location = location with { ETag = result.ETag }, Start = result.Next }
            : null;
        return (result, handOver);
    }

    /// <summary>
    /// Reads an opened source from <paramref name="start"/>, handing every event to the sink. Between batches it asks
    /// <paramref name="stop"/>: when that says stop, the lines read so far are sent and the result says where to resume,
    /// with no line handled twice or skipped. A source that cannot be read to its end is a failed result (after every
    /// line before the failure was sent), not an exception; cancellation is.
    /// </summary>
    /// <param name="raw">The source's bytes, from <paramref name="start"/>'s <see cref="ReadStart.RawOffset"/>; disposed here.</param>
    /// <param name="seekable">Opens the source for reading by ranges: a Parquet file is read so, from its footer.</param>
    /// <param name="source">What its events name as their source.</param>
    /// <param name="start">The first line to handle.</param>
    /// <param name="stop">Asked between batches whether to stop (interrupted, or the deadline margin has begun).</param>
    /// <param name="cancellationToken">Abandons the run: lines in hand are counted as not delivered.</param>
    /// <param name="eTag">The version being read, for the result.</param>
    private async Task<SourceResult> ReadAsync(Stream raw, Func<SeekableObjectStream> seekable, LogSource source, ReadStart start, ReadStop stop,
        CancellationToken cancellationToken, string? eTag = null)
    {
        var (decoded, compressed) = await LogStreamDecoder.OpenAsync(raw, cancellationToken).ConfigureAwait(false);
        await using var _ = decoded;
        using var lines = start.Compressed
            ? new LineReader(decoded, source.DisplayName, maxLineBytes: limits.MaxLineBytes)
            : new LineReader(decoded, source.DisplayName, start.LineNumber, start.ByteOffset, maxLineBytes: limits.MaxLineBytes);
        IRecordReader reader = lines;
        ParquetRecordReader? parquet = null;
        long skipBefore = start.Compressed ? start.ByteOffset : 0;
        long BytesRead() => parquet?.BytesRead ?? Math.Max(0, lines.BytesConsumed - start.ByteOffset);
        ReadStart Next() => new(reader.Next.LineNumber, reader.Next.ByteOffset, compressed, parquet?.PositionOf(reader.Next.ByteOffset));
        SourceResult Stopped(SourceOutcome outcome) => new(outcome, Next(), eTag, null);

        EventBatch? batch = null;   // null also while a full batch is being submitted: the sink then owns it
        try
        {
            var (layout, foreign) = await InspectAsync(lines, source, cancellationToken).ConfigureAwait(false);
            if (!start.Compressed && start.ByteOffset > 0 && await HeaderLayoutAsync(seekable, source, cancellationToken).ConfigureAwait(false) is { } w3c)
                layout = w3c;   // a W3C object resumed by range: its #Fields: header is at its start
            if (layout?.Format == RecordFormat.Parquet)
            {
                // Read from its footer by ranges instead; the rows before a hand-over's are skipped by row group.
                await decoded.DisposeAsync().ConfigureAwait(false);
                (parquet, foreign) = await ParquetRecordReader.OpenAsync(seekable(), source.DisplayName, start.ByteOffset, start.Row, cancellationToken)
                    .ConfigureAwait(false);
                if (parquet is not null)
                {
                    layout = RecordLayout.Delimited(parquet.Kind, ParquetRecordReader.Delimiter.ToArray(), parquet.ColumnNames, directives: false);
                    (reader, compressed, skipBefore) = (parquet, true, 0);
                }
            }

            if (foreign is not null && (start.ByteOffset == 0 || layout?.Format == RecordFormat.Parquet))
                return await FailedAsync($"{source.DisplayName}: not a log this function reads: it looks like {foreign}; nothing of it was sent",
                    start with { Compressed = compressed }, eTag, 0, SourceOutcome.NotALog).ConfigureAwait(false);
            source = source.WithLayout(layout ?? RecordLayout.Legacy);

            batch = NewBatch();
            while (await reader.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                while (ConvertBufferedLines(reader, source, batch!, skipBefore))
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
            return await FailedAsync(e.Message, Next(), eTag, BytesRead())
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or OutputClosedException)
        {
            // Stopped at once after a stop was asked (a second Ctrl+C) is as interrupted as stopped at a batch boundary.
            summary.RecordSource(e is OperationCanceledException && stop.Interrupt.IsCancellationRequested ? SourceOutcome.Interrupted : SourceOutcome.Failed,
                BytesRead());
            throw;
        }
        finally
        {
            parquet?.Dispose();
            if (batch is not null)
            {
                // Only an abandoned run gets here with a batch in hand: its lines are counted, not lost silently.
                if (batch.Count > 0) summary.RecordUndelivered(batch.Count, $"{source.DisplayName}: the run was stopped before they were sent");
                batch.Dispose();
            }
        }
    }

    /// <summary>
    /// How the source's lines are laid out, or what it is when it is no log this function reads (<see cref="ContentCheck"/>),
    /// from its first lines. A resumed object was judged when it was first read: there only a layout counts (a gzip
    /// one is decoded from its start again, so that is its head; a plain one resumes in the middle, where records of a
    /// vended delivery still tell theirs, a W3C object's header aside).
    /// </summary>
    private static async Task<ContentVerdict> InspectAsync(LineReader reader, LogSource source, CancellationToken cancellationToken)
    {
        await reader.FillAheadAsync(ContentCheck.BytesLooked, cancellationToken).ConfigureAwait(false);
        return ContentCheck.Inspect(reader.Buffered, reader.IsAtEnd, source.NamedKind);
    }

    /// <summary>
    /// The layout of a W3C object from its start, for a plain object resumed in the middle (one ranged read of its first
    /// 64 KiB), where the lines at hand no longer show its header; null for any other object.
    /// </summary>
    private static async Task<RecordLayout?> HeaderLayoutAsync(Func<SeekableObjectStream> seekable, LogSource source, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = seekable();
            var head = new byte[(int)Math.Min(ContentCheck.BytesLooked, stream.Length)];
            int read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var layout = ContentCheck.Inspect(head.AsSpan(0, read), wholeObject: read == stream.Length, source.NamedKind).Layout;
            return layout is { HasDirectives: true } ? layout : null;
        }
        catch (Exception e) when (e is IOException or LogReadException)
        {
            return null;   // the lines at hand tell the layout, as before
        }
    }

    private async Task<SourceResult> FailedAsync(string message, ReadStart at, string? eTag, long bytesRead, SourceOutcome outcome = SourceOutcome.Failed)
    {
        summary.RecordSource(outcome, bytesRead);
        summary.RecordFailure(message);
        await log.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return new SourceResult(outcome, at, eTag, message);
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
    private bool ConvertBufferedLines(IRecordReader reader, LogSource source, EventBatch batch, long skipBefore)
    {
        while (reader.TryReadLine(out var line, out var position))
        {
            if (position.ByteOffset < skipBefore) continue;   // handled by an earlier invocation
            var result = writer.Write(line, position, source, batch);
            summary.RecordLine(result);
            if (result.Failure is { } failure)
                summary.RecordFailure($"{(result.IsCut ? "truncated" : "malformed")}: {source.DisplayName} line {position.LineNumber}: {failure}");
            if (batch.IsFull) return true;
        }

        return false;
    }

    private EventBatch NewBatch() => EventBatch.For(sink.Framing, limits);
}
