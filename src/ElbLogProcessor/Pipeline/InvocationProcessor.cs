using ElbLogProcessor.Events;
using ElbLogProcessor.Hosting;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>Where a continuation message goes (an SQS queue in production).</summary>
public interface IContinuationQueue
{
    Task SendAsync(string message, CancellationToken cancellationToken);
}

/// <summary>How one invocation ended: the summary is the response, or the error's context.</summary>
public sealed record InvocationResult(bool Succeeded, string SummaryJson, string? ErrorType = null, string? ErrorMessage = null);

/// <summary>
/// One invocation end to end: event -> object references -> for each object, its stream
/// through the <see cref="LogPipeline"/> into one sink -> summary. Clients (S3, HTTP, SQS)
/// are the host's and outlive invocations; everything with state (summary, sink, breaker,
/// buffers) is made here, per invocation, and dropped with it.
/// </summary>
public sealed class InvocationProcessor(
    Settings settings,
    IObjectStore store,
    HttpClient? logstashClient,
    IContinuationQueue? continuationQueue,
    Stream ndjsonOutput,
    TextWriter log,
    TimeProvider? timeProvider = null)
{
    /// <summary>
    /// Whatever is still in flight this close to the deadline is given up, so that the summary
    /// is logged and the invocation answered before Lambda ends the process.
    /// </summary>
    public static readonly TimeSpan HardStopBeforeDeadline = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public async Task<InvocationResult> HandleAsync(string eventJson, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var summary = new RunSummary();
        IReadOnlyList<ObjectReference> objects;
        try
        {
            objects = InvocationEventParser.Parse(eventJson);
        }
        catch (UnsupportedEventException e)
        {
            summary.RecordFailure(e.Message);
            return await FinishAsync(summary, "UnsupportedEvent", e.Message).ConfigureAwait(false);
        }

        var stopAt = deadline - settings.DeadlineMargin;
        bool TimeIsUp() => _time.GetUtcNow() >= stopAt;
        var untilHardStop = deadline - HardStopBeforeDeadline - _time.GetUtcNow();
        using var hardStop = new CancellationTokenSource(untilHardStop > TimeSpan.Zero ? untilHardStop : TimeSpan.Zero, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hardStop.Token);
        var token = linked.Token;

        var unfinished = new List<ObjectReference>();
        int unreadable = 0;
        await using (var sink = IBatchSink.Create(settings.Logstash, logstashClient, ndjsonOutput, summary))
        {
            var pipeline = new LogPipeline(new EventWriter(settings.Envelope), sink, settings.Batches, summary);
            foreach (var reference in objects)
            {
                if (reference.IsElbTestFile)
                {
                    summary.RecordSkipped();
                    continue;
                }

                if (reference.IsEmpty)
                {
                    summary.RecordSourceDone(0, completed: true);
                    continue;
                }

                if (unfinished.Count > 0 || TimeIsUp())
                {
                    unfinished.Add(reference);   // not started: handed over as it is
                    continue;
                }

                try
                {
                    var next = await ReadObjectAsync(pipeline, reference, TimeIsUp, token).ConfigureAwait(false);
                    if (next is not null) unfinished.Add(next);
                }
                catch (OperationCanceledException) when (hardStop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    summary.RecordFailure($"{reference}: the deadline came while it was being read");
                    unreadable++;
                    break;
                }
                catch (Exception e) when (e is IOException or LogReadException)
                {
                    unreadable++;
                    summary.RecordFailure(e.Message);
                    await log.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                }
            }

            // Waits for what is in flight, but not past the hard stop: then the senders give up and count it.
            await sink.CompleteAsync(token).ConfigureAwait(false);
        }

        foreach (var reference in unfinished)
            summary.RecordHandOver($"{reference} from line {reference.LineNumber} (byte {reference.ByteOffset})");

        if (summary.EventsFailed > 0)
            return await FinishAsync(summary, "EventsNotDelivered",
                $"{summary.EventsFailed} of {summary.Events} events were not delivered").ConfigureAwait(false);
        if (unreadable > 0)
            return await FinishAsync(summary, "ObjectsNotRead", $"{unreadable} object(s) could not be read to their end")
                .ConfigureAwait(false);
        if (unfinished.Count > 0)
        {
            if (continuationQueue is null)
                return await FinishAsync(summary, "TimeRanOut",
                    $"time ran out with no CONTINUATION_QUEUE_URL; stopped at {string.Join("; ", summary.HandedOver)}").ConfigureAwait(false);
            await continuationQueue.SendAsync(ContinuationMessage.Create(unfinished), cancellationToken).ConfigureAwait(false);
            summary.ContinuationSent = true;
        }

        return await FinishAsync(summary, null, null).ConfigureAwait(false);
    }

    /// <summary>Reads one object; returns where to resume when time ran out, else null.</summary>
    private async Task<ObjectReference?> ReadObjectAsync(LogPipeline pipeline, ObjectReference reference, Func<bool> timeIsUp,
        CancellationToken cancellationToken)
    {
        // A plain object resumes with a range; gzip must be decoded again from its start.
        long rawOffset = reference.Compressed ? 0 : reference.ByteOffset;
        var opened = await store.OpenAsync(reference, rawOffset, cancellationToken).ConfigureAwait(false);
        var eTag = reference.ETag ?? opened.ETag;
        var source = LogSource.ForS3(reference.Bucket, reference.Key, eTag, reference.VersionId);
        var start = new ReadStart(reference.LineNumber, reference.ByteOffset, RawStartsAtOffset: !reference.Compressed);

        var result = await pipeline.ProcessAsync(opened.Content, source, start, timeIsUp, cancellationToken).ConfigureAwait(false);
        return result.Completed
            ? null
            : reference with
            {
                ETag = eTag, ByteOffset = result.NextByteOffset, LineNumber = result.NextLineNumber, Compressed = result.Compressed,
            };
    }

    /// <summary>Logs the summary and its metrics record (also on failure: nothing is silent).</summary>
    private async Task<InvocationResult> FinishAsync(RunSummary summary, string? errorType, string? errorMessage)
    {
        var json = await summary.LogAsync(log, settings.MetricsNamespace, settings.FunctionName).ConfigureAwait(false);
        return new InvocationResult(errorType is null, json, errorType, errorMessage);
    }
}
