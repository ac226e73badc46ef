using ElbLogProcessor.Configuration;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>
/// The policy of one invocation: which objects the event names, how far the time allows
/// reading them, and how the invocation ends (success, failure, or a hand-over to the next
/// invocation). Each object is read through its own <see cref="PipelineRun"/> and delivered
/// before the next one starts, so that each object's outcome is known (an SQS batch answers
/// for each message); the invocation's summary is the sum of its objects'. Nothing is kept
/// between invocations.
/// </summary>
internal sealed class InvocationHandler(
    Func<PipelineRun> startRun,
    ObjectReader objects,
    HandOverOptions handOver,
    IContinuationQueue? continuations,
    SummaryLogger summaryLogger,
    TextWriter log,
    TimeProvider time)
{
    /// <param name="eventJson">The invocation event.</param>
    /// <param name="deadline">Lambda's deadline: reading stops the margin before it and hands the rest over.</param>
    /// <param name="cancellationToken">Abandons what is in flight at once (with the hard stop before the deadline).</param>
    /// <param name="interrupt">A local run's Ctrl+C: reading stops at the next batch boundary, what was read is delivered,
    /// and the invocation fails with <c>Interrupted</c>, saying where it stopped; nothing is handed over.</param>
    public async Task<InvocationResult> HandleAsync(string eventJson, DateTimeOffset deadline, CancellationToken cancellationToken,
        CancellationToken interrupt = default)
    {
        var summary = new RunSummary();
        InvocationEvent invocation;
        try
        {
            invocation = InvocationEventParser.ParseEvent(eventJson);
        }
        catch (UnsupportedEventException e)
        {
            summary.RecordFailure(e.Message);
            return await FinishAsync(summary, "UnsupportedEvent", e.Message).ConfigureAwait(false);
        }

        var budget = new TimeBudget(deadline, handOver.DeadlineMargin, time);
        ReadingOutcome reading;
        using (var hardStop = budget.StartHardStop(cancellationToken))
            reading = await ReadObjectsAsync(summary, invocation.Objects, new ReadStop(budget.IsUp, interrupt), hardStop).ConfigureAwait(false);

        if (interrupt.IsCancellationRequested && reading.Unfinished.Count > 0) return await InterruptedAsync(summary, reading).ConfigureAwait(false);
        return await DecideAsync(summary, invocation, reading, budget, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What reading the objects came to.</summary>
    /// <param name="Unfinished">Objects to hand over: the one stopped mid-way (from where it stopped) and every one not started.</param>
    /// <param name="Failed">Objects not read to their end, or whose events were not all delivered.</param>
    /// <param name="MadeProgress">Something was done: an object read, skipped, or advanced past where this invocation started it.</param>
    /// <param name="FirstFailure">Why the first failed object failed (its read's message), for the invocation's error.</param>
    private sealed record ReadingOutcome(List<ObjectReference> Unfinished, List<ObjectReference> Failed, bool MadeProgress, string? FirstFailure);

    private async Task<ReadingOutcome> ReadObjectsAsync(RunSummary summary, IReadOnlyList<ObjectReference> references, ReadStop stop,
        HardStop hardStop)
    {
        var unfinished = new List<ObjectReference>();
        var failed = new List<ObjectReference>();
        bool progress = false;
        string? firstFailure = null;
        for (int i = 0; i < references.Count; i++)
        {
            var reference = references[i];
            if (reference.IsElbTestFile)
            {
                summary.RecordSkipped();
                progress = true;
                continue;
            }

            if (reference.IsEmpty)
            {
                summary.RecordSource(SourceOutcome.Completed);
                progress = true;
                continue;
            }

            if (unfinished.Count > 0 || stop.Now() is not null)
            {
                unfinished.Add(reference);   // not started: handed over as it is
                continue;
            }

            var run = startRun();
            try
            {
                var (result, rest) = await objects.ReadAsync(run.Pipeline, reference, stop, hardStop.Token).ConfigureAwait(false);
                // Waits for the object's batches, but not past the hard stop: then the senders give up and count them.
                await run.CompleteDeliveryAsync(hardStop.Token).ConfigureAwait(false);
                if (result.Outcome is SourceOutcome.Failed or SourceOutcome.NotALog || run.Summary.EventsFailed > 0)
                {
                    failed.Add(reference);
                    firstFailure ??= result.Failure;
                }

                if (rest is not null) unfinished.Add(rest);
                progress |= rest is null || rest.LineNumber > reference.LineNumber;
            }
            catch (OperationCanceledException) when (hardStop.Token.IsCancellationRequested)
            {
                summary.RecordFailure(hardStop.IsReached
                    ? $"{reference}: the deadline came while it was being read"
                    : $"{reference}: abandoned while being read (stopped at once)");
                failed.Add(reference);
                unfinished.AddRange(references.Skip(i + 1));   // not started; retried with the failure, never dropped
                await run.DisposeAsync().ConfigureAwait(false);
                summary.Add(run.Summary);
                break;
            }

            await run.DisposeAsync().ConfigureAwait(false);
            summary.Add(run.Summary);
        }

        return new ReadingOutcome(unfinished, failed, progress, firstFailure);
    }

    /// <summary>A local run stopped on request: where each object stopped, and no hand-over (a person stopped it).</summary>
    private async Task<InvocationResult> InterruptedAsync(RunSummary summary, ReadingOutcome reading)
    {
        summary.Interrupted = true;
        foreach (var reference in reading.Unfinished)
            summary.RecordStoppedAt($"{reference} from line {reference.LineNumber} (byte {reference.ByteOffset})");
        string message = $"stopped on request at {string.Join("; ", summary.StoppedAt)}" +
                         (summary.UndeliveredMessage() is { } undelivered ? $"; {undelivered}" : "");
        return await FinishAsync(summary, "Interrupted", message).ConfigureAwait(false);
    }

    /// <summary>Failures first (Lambda retries them), then a hand-over when time ran out, else success.</summary>
    private async Task<InvocationResult> DecideAsync(RunSummary summary, InvocationEvent invocation, ReadingOutcome reading, TimeBudget budget,
        CancellationToken cancellationToken)
    {
        foreach (var reference in reading.Unfinished)
            summary.RecordStoppedAt($"{reference} from line {reference.LineNumber} (byte {reference.ByteOffset})");
        string stoppedAt = string.Join("; ", summary.StoppedAt);

        if (reading.Unfinished.Count > 0 && !reading.MadeProgress && reading.Failed.Count == 0)
        {
            // Handing over the same position again would loop through the queue for ever, paying for every turn.
            var message = $"no line could be read before the deadline margin ({HandOverOptions.DeadlineMarginSecondsSetting.Variable}=" +
                          $"{handOver.DeadlineMarginSeconds} s; the invocation had {Math.Max(0, budget.AtStart.TotalSeconds):0} s left): " +
                          $"not handing over, the next invocation would stop at the same place; raise the function timeout or lower the margin; stopped at {stoppedAt}";
            summary.RecordFailure(message);
            for (int i = 0; i < reading.Unfinished.Count; i++) summary.RecordSource(SourceOutcome.Failed);
            return await FinishAsync(summary, "NoProgress", message).ConfigureAwait(false);
        }

        var failed = new List<ObjectReference>(reading.Failed);
        string? error = null, errorMessage = null;
        if (summary.EventsFailed > 0)
            (error, errorMessage) = ("EventsNotDelivered", summary.UndeliveredMessage());
        else if (reading.Failed.Count > 0)
            (error, errorMessage) = ("ObjectsNotRead", reading.FirstFailure is not { } first
                ? $"{reading.Failed.Count} object(s) could not be read to their end"
                : reading.Failed.Count == 1 ? first : $"{first} (and {reading.Failed.Count - 1} more objects not read to their end)");

        if (reading.Unfinished.Count > 0 && error is not null)
            failed.AddRange(reading.Unfinished);   // not handed over after a failure: they are retried with it
        else if (reading.Unfinished.Count > 0)
        {
            if (continuations is null)
            {
                (error, errorMessage) = ("TimeRanOut", $"time ran out with no {HandOverOptions.ContinuationQueueVariable}; stopped at {stoppedAt}");
                failed.AddRange(reading.Unfinished);
            }
            else if (await SendContinuationAsync(summary, reading.Unfinished, stoppedAt, cancellationToken).ConfigureAwait(false) is { } notSent)
            {
                (error, errorMessage) = ("ContinuationNotSent", notSent);
                failed.AddRange(reading.Unfinished);
            }
        }

        // Through an SQS event source mapping, the answer names only the messages to retry; the others are done.
        if (invocation.IsSqsBatch && error is not "UnsupportedEvent")
            return await FinishBatchAsync(summary, invocation, failed, errorMessage).ConfigureAwait(false);
        return await FinishAsync(summary, error, errorMessage).ConfigureAwait(false);
    }

    /// <summary>Sends the hand-over; returns why it could not be sent, or null.</summary>
    private async Task<string?> SendContinuationAsync(RunSummary summary, List<ObjectReference> unfinished, string stoppedAt,
        CancellationToken cancellationToken)
    {
        try
        {
            await continuations!.SendAsync(ContinuationMessage.Create(unfinished), cancellationToken).ConfigureAwait(false);
            summary.ContinuationSent = true;
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var cause = FailureCause.Of(e) ?? $"{e.GetType().Name}: {e.Message}";
            var message = $"the continuation could not be sent to {HandOverOptions.ContinuationQueueVariable} ({cause}); stopped at {stoppedAt}";
            summary.RecordFailure(message);
            await log.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return message;
        }
    }

    /// <summary>Logs the summary and its metrics record (also on failure: nothing is silent).</summary>
    private async Task<InvocationResult> FinishAsync(RunSummary summary, string? errorType, string? errorMessage)
    {
        var json = await summaryLogger.LogAsync(summary).ConfigureAwait(false);
        return new InvocationResult(errorType is null, json, errorType, errorMessage) { Summary = summary };
    }

    /// <summary>The answer to an SQS batch: a success naming the messages whose objects failed (<c>batchItemFailures</c>).</summary>
    private async Task<InvocationResult> FinishBatchAsync(RunSummary summary, InvocationEvent invocation, List<ObjectReference> failed,
        string? errorMessage)
    {
        var json = await summaryLogger.LogAsync(summary).ConfigureAwait(false);
        var failedMessages = failed.Select(o => o.MessageId).OfType<string>().Distinct().ToList();
        if (failedMessages.Count > 0)
            await log.WriteLineAsync($"error: {failedMessages.Count} of {invocation.SqsMessageIds.Count} message(s) to be retried: {errorMessage}")
                .ConfigureAwait(false);
        string? failure = failedMessages.Count > 0 ? errorMessage : null;
        return new InvocationResult(true, BatchResponse.Create(failedMessages, json), ErrorMessage: failure, BatchItemFailures: failedMessages)
        {
            Summary = summary,
        };
    }
}
