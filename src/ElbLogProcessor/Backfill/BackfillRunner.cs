using System.Collections.Concurrent;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
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
internal sealed class BackfillRunner(Func<PipelineRun> startRun, IObjectStore store, int parallel, BackfillState? state)
{
    /// <param name="objects">What to read, and each object's size.</param>
    /// <param name="progress">Counts for the display.</param>
    /// <param name="total">Every object's summary is added to it.</param>
    /// <param name="interrupt">Ctrl+C: each object stops at its next batch boundary; objects not started stay so.</param>
    /// <param name="abandon">A second Ctrl+C: what is in flight is given up (and counted as not delivered) at once.</param>
    public async Task<IReadOnlyList<ObjectResult>> RunAsync(IReadOnlyList<ObjectToRead> objects,
        BackfillProgress progress, RunSummary total, CancellationToken interrupt, CancellationToken abandon = default)
    {
        var results = new ConcurrentBag<ObjectResult>();
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (item, _) =>
        {
            var o = item;
            if (interrupt.IsCancellationRequested)
            {
                results.Add(new ObjectResult(o.Location.Key, ObjectOutcome.NotStarted));
                return;
            }

            var run = startRun();
            progress.Started(run.Summary);
            ObjectResult result;
            try
            {
                // The run's own token is never cancelled: what was read is delivered even after an interrupt.
                var (read, handOver) = await run.Pipeline.ReadObjectAsync(store, o, new ReadStop(Interrupt: interrupt), abandon).ConfigureAwait(false);
                await run.CompleteDeliveryAsync(abandon).ConfigureAwait(false);
                result = Record(o, read, handOver, run.Summary);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                // Stopped at once: not recorded in the state, so the next run reads the object again (same event ids).
                result = new ObjectResult(o.Location.Key, ObjectOutcome.Failed, run.Summary.Lines, run.Summary.EventsFailed,
                    "abandoned while being read (a second Ctrl+C); sent again when the backfill is run again");
            }
            finally
            {
                await run.DisposeAsync().ConfigureAwait(false);
            }

            total.Add(run.Summary);
            progress.Finished(run.Summary, o.Size ?? 0, result.Outcome is ObjectOutcome.Failed);
            results.Add(result);
        }).ConfigureAwait(false);

        return [.. results];
    }

    private ObjectResult Record(ObjectToRead o, SourceResult read, ObjectToRead? handOver, RunSummary summary)
    {
        bool delivered = summary.EventsFailed == 0;
        var (bucket, key) = (o.Location.Bucket, o.Location.Key);
        string eTag = read.ETag ?? o.Location.ETag ?? "";
        switch (read.Outcome)
        {
            case SourceOutcome.Completed when delivered:
                state?.Record(new StateEntry(bucket, key, eTag, Done: true, Lines: summary.Lines));
                return new ObjectResult(key, ObjectOutcome.Completed, summary.Lines, LeftOut: summary.LeftOut);
            case SourceOutcome.HandedOver or SourceOutcome.Interrupted when delivered && handOver is not null:
                var next = handOver.Start;
                state?.Record(new StateEntry(bucket, key, eTag, Done: false, next.ByteOffset, next.LineNumber, next.Compressed));
                return new ObjectResult(key, ObjectOutcome.Interrupted, summary.Lines, Reason: $"stopped before line {next.LineNumber}",
                    LeftOut: summary.LeftOut);
            case SourceOutcome.NotALog:
                return new ObjectResult(key, ObjectOutcome.NotALog, Reason: read.Failure);
            default:
                return new ObjectResult(key, ObjectOutcome.Failed, summary.Lines, summary.EventsFailed,
                    read.Failure ?? summary.UndeliveredMessage() ?? summary.LastFailures.LastOrDefault() ?? "not read to its end", summary.LeftOut);
        }
    }
}
