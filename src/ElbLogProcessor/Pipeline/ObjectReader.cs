using ElbLogProcessor.Events;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Pipeline;

/// <summary>
/// Reads one object through a <see cref="LogPipeline"/> from where its reference says: the
/// beginning, or the line a previous invocation handed over (a plain object resumes with a
/// range, a gzip one is decoded again and skips the lines already sent).
/// </summary>
internal sealed class ObjectReader(IObjectStore store)
{
    /// <returns>The result, and when the read stopped before the end (time up, interrupted), the reference to resume from.</returns>
    public async Task<(SourceResult Result, ObjectReference? Remaining)> ReadAsync(LogPipeline pipeline, ObjectReference reference,
        ReadStop stop, CancellationToken cancellationToken)
    {
        long rawOffset = reference.Compressed ? 0 : reference.ByteOffset;
        var start = new ReadStart(reference.LineNumber, reference.ByteOffset, RawStartsAtOffset: !reference.Compressed);
        var result = await pipeline.ReadAsync(async token =>
        {
            var opened = await store.OpenAsync(reference, rawOffset, token).ConfigureAwait(false);
            var eTag = reference.ETag ?? opened.ETag;
            return new OpenedSource(opened.Content, LogSource.ForS3(reference.Bucket, reference.Key, eTag, reference.VersionId), eTag);
        }, start, stop, cancellationToken).ConfigureAwait(false);

        var remaining = result.Outcome is Summary.SourceOutcome.HandedOver or Summary.SourceOutcome.Interrupted
            ? reference with
            {
                ETag = result.ETag,
                ByteOffset = result.NextByteOffset,
                LineNumber = result.NextLineNumber,
                Compressed = result.Compressed,
            }
            : null;
        return (result, remaining);
    }
}
