using System.Collections.Concurrent;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// Reads a backfill's objects, <paramref name="parallel"/> at once, each through its own
/// <see cref="PipelineRun"/>: the function's pipeline and bounded shipper, so memory stays within
/// <c>parallel x (LOGSTASH_QUEUE_CAPACITY + LOGSTASH_SENDERS + 1)</c> batches. An object is recorded in
/// the state only once all its events are delivered. An interrupt (Ctrl+C) stops each object at its
/// next batch boundary, delivers what was read, and records where it stopped; objects not started stay so. A
/// second one abandons what is in flight: those objects are not recorded, and are read again next time.
/// </summary>
internal sealed class BackfillRunner(Func<PipelineRun> startRun, ObjectReader reader, int parallel, BackfillState? state)
{
    /// <param name="objects">What to read, and each object's size.</param>
    /// <param name="progress">Counts for the display.</param>
    /// <param name="total">Every object's summary is added to it.</param>
    /// <param name="interrupt">Ctrl+C: each object stops at its next batch boundary; objects not started stay so.</param>
    /// <param name="abandon">A second Ctrl+C: what is in flight is given up (and counted as not delivered) at once.</param>
    public async Task<IReadOnlyList<ObjectResult>> RunAsync(IReadOnlyList<(ObjectReference Reference, long Size)> objects,
        BackfillProgress progress, RunSummary total, CancellationToken interrupt, CancellationToken abandon = default)
    {
        var results = new ConcurrentBag<ObjectResult>();
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) =>
        {
            var (reference, size) = item;
            if (interrupt.IsCancellationRequested)
            {
                results.Add(new ObjectResult(reference.Key, ObjectResult.NotStarted));
                return;
            }

            var run = startRun();
            progress.Started(run.Summary);
            ObjectResult result;
            try
            {
                // The run's own token is never cancelled: what was read is delivered even after an interrupt.
                var (read, rest) = await reader.ReadAsync(run.Pipeline, reference, new ReadStop(Interrupt: interrupt), abandon)
                    .ConfigureAwait(false);
                await run.CompleteDeliveryAsync(abandon).ConfigureAwait(false);
                result = Record(reference, read, rest, run.Summary);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                // Stopped at once: not recorded in the state, so the next run reads the object again (same event ids).
                result = new ObjectResult(reference.Key, ObjectResult.Failed, run.Summary.Lines, run.Summary.EventsFailed,
                    "abandoned while being read (a second Ctrl+C); sent again when the backfill is run again");
            }
            finally
            {
                await run.DisposeAsync().ConfigureAwait(false);
            }

            total.Add(run.Summary);
            progress.Finished(run.Summary, size, result.Outcome is ObjectResult.Failed);
            results.Add(result);
        }).ConfigureAwait(false);

        return [.. results];
    }

    private ObjectResult Record(ObjectReference reference, SourceResult read, ObjectReference? rest, RunSummary summary)
    {
        bool delivered = summary.EventsFailed == 0;
        string eTag = read.ETag ?? reference.ETag ?? "";
        switch (read.Outcome)
        {
            case SourceOutcome.Completed when delivered:
                state?.Record(new StateEntry(reference.Bucket, reference.Key, eTag, Done: true, Lines: summary.Lines));
                return new ObjectResult(reference.Key, ObjectResult.Completed, summary.Lines);
            case SourceOutcome.HandedOver or SourceOutcome.Interrupted when delivered && rest is not null:
                state?.Record(new StateEntry(reference.Bucket, reference.Key, eTag, Done: false, rest.ByteOffset, rest.LineNumber, rest.Compressed));
                return new ObjectResult(reference.Key, ObjectResult.Interrupted, summary.Lines, Reason: $"stopped before line {rest.LineNumber}");
            case SourceOutcome.NotALog:
                return new ObjectResult(reference.Key, ObjectResult.NotALog, Reason: read.Failure);
            default:
                return new ObjectResult(reference.Key, ObjectResult.Failed, summary.Lines, summary.EventsFailed,
                    read.Failure ?? summary.UndeliveredMessage() ?? summary.LastFailures.LastOrDefault() ?? "not read to its end");
        }
    }
}
