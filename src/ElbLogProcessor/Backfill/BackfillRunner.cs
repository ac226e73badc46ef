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
/// next batch boundary, delivers what was read, and records where it stopped; objects not started stay so.
/// </summary>
internal sealed class BackfillRunner(Func<PipelineRun> startRun, ObjectReader reader, int parallel, BackfillState? state)
{
    public async Task<IReadOnlyList<ObjectResult>> RunAsync(IReadOnlyList<(ObjectReference Reference, long Size)> objects,
        BackfillProgress progress, RunSummary total, CancellationToken interrupt)
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
                var (read, rest) = await reader.ReadAsync(run.Pipeline, reference, () => interrupt.IsCancellationRequested, CancellationToken.None)
                    .ConfigureAwait(false);
                await run.CompleteDeliveryAsync(CancellationToken.None).ConfigureAwait(false);
                result = Record(reference, read, rest, run.Summary);
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
            case SourceOutcome.HandedOver when delivered && rest is not null:
                state?.Record(new StateEntry(reference.Bucket, reference.Key, eTag, Done: false, rest.ByteOffset, rest.LineNumber, rest.Compressed));
                return new ObjectResult(reference.Key, ObjectResult.Interrupted, summary.Lines, Reason: $"stopped before line {rest.LineNumber}");
            case SourceOutcome.NotALog:
                return new ObjectResult(reference.Key, ObjectResult.NotALog, Reason: read.Failure);
            default:
                return new ObjectResult(reference.Key, ObjectResult.Failed, summary.Lines, summary.EventsFailed,
                    read.Failure ?? summary.LastFailures.LastOrDefault() ?? $"{summary.EventsFailed} events were not delivered");
        }
    }
}
