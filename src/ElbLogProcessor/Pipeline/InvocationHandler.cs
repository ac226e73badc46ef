using ElbLogProcessor.Configuration;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
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
/// <param name="startRun">Makes the run of one object.</param>
/// <param name="store">Where the objects are read from.</param>
/// <param name="handOver">The deadline margin.</param>
/// <param name="handOvers">Where a hand-over goes; null when none is configured (time running out is then a failure).</param>
/// <param name="summaryLogger">Logs each invocation's summary.</param>
/// <param name="log">Where errors go.</param>
/// <param name="time">The clock the deadline is measured with.</param>
/// <param name="aws">Which buckets may be read (LOG_BUCKETS).</param>
internal sealed class InvocationHandler(
    Func<PipelineRun> startRun,
    IObjectStore store,
    HandOverOptions handOver,
    IHandOverQueue? handOvers,
    SummaryLogger summaryLogger,
    TextWriter log,
    TimeProvider time,
    AwsOptions? aws = null)
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
            return await FinishAsync(summary, InvocationError.UnsupportedEvent, e.Message).ConfigureAwait(false);
        }

        foreach (var unreadable in invocation.Unreadable)
        {
            summary.RecordFailure(NothingToRead(unreadable));
            await log.WriteLineAsync($"error: {NothingToRead(unreadable)}").ConfigureAwait(false);
        }

        var budget = new TimeBudget(deadline, handOver.DeadlineMargin, time);
        ReadingOutcome reading;
        using (var hardStop = budget.StartHardStop(cancellationToken))
            reading = await ReadObjectsAsync(summary, invocation.Objects, new ReadStop(budget.IsUp, interrupt), hardStop).ConfigureAwait(false);

        if (interrupt.IsCancellationRequested && reading.ToHandOver.Count > 0) return await InterruptedAsync(summary, reading).ConfigureAwait(false);
        return await DecideAsync(summary, invocation, reading, budget, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What reading the objects came to.</summary>
    /// <param name="ToHandOver">The hand-over: the object stopped mid-way (from where it stopped) and every one not started.</param>
    /// <param name="Failed">Objects not read to their end, or whose events were not all delivered.</param>
    /// <param name="MadeProgress">Something was done: an object read, skipped, or advanced past where this invocation started it.</param>
    /// <param name="FirstFailure">Why the first failed object failed (its read's message), for the invocation's error.</param>
    private sealed record ReadingOutcome(List<ObjectToRead> ToHandOver, List<ObjectToRead> Failed, bool MadeProgress, string? FirstFailure);

    private async Task<ReadingOutcome> ReadObjectsAsync(RunSummary summary, IReadOnlyList<ObjectToRead> objects, ReadStop stop, HardStop hardStop)
    {
        var toHandOver = new List<ObjectToRead>();
        var failed = new List<ObjectToRead>();
        bool progress = false;
        string? firstFailure = null;
        for (int i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            if (o.Location.IsElbTestFile)
            {
                summary.RecordSkipped();
                progress = true;
                continue;
            }

            if (aws?.BucketRefusal(o.Location.Bucket) is { } refusal)
            {
                // Any principal that can send to the queues could name any bucket: only the stack's are read.
                var message = $"{o}: {refusal}";
                summary.RecordSource(SourceOutcome.Failed);
                summary.RecordFailure(message);
                await log.WriteLineAsync($"error: {message}").ConfigureAwait(false);
                failed.Add(o);
                firstFailure ??= message;
                progress = true;
                continue;
            }

            if (aws?.AccountSkip(o.Location.LogAccount) is { } notOurs)
            {
                // A central bucket: every account's objects trigger the function, only the listed accounts' are read.
                summary.RecordSkipped();
                await log.WriteLineAsync($"{o}: {notOurs}").ConfigureAwait(false);
                progress = true;
                continue;
            }

            if (o.IsEmpty)
            {
                summary.RecordSource(SourceOutcome.Completed);
                progress = true;
                continue;
            }

            if (toHandOver.Count > 0 || stop.Now() is not null)
            {
                toHandOver.Add(o);   // not started: handed over as it is
                continue;
            }

            var run = startRun();
            try
            {
                var (result, handOverRest) = await run.Pipeline.ReadObjectAsync(store, o, stop, hardStop.Token).ConfigureAwait(false);
                // Waits for the object's batches, but not past the hard stop: then the senders give up and count them.
                await run.CompleteDeliveryAsync(hardStop.Token).ConfigureAwait(false);
                if (result.Outcome is SourceOutcome.Failed or SourceOutcome.NotALog || run.Summary.EventsFailed > 0)
                {
                    failed.Add(o);
                    firstFailure ??= result.Failure;
                }

                if (handOverRest is not null) toHandOver.Add(handOverRest);
                progress |= handOverRest is null || handOverRest.Start.LineNumber > o.Start.LineNumber;
            }
            catch (OperationCanceledException) when (hardStop.Token.IsCancellationRequested)
            {
                summary.RecordFailure(hardStop.IsReached
                    ? $"{o}: the deadline came while it was being read"
                    : $"{o}: abandoned while being read (stopped at once)");
                failed.Add(o);
                toHandOver.AddRange(objects.Skip(i + 1));   // not started; retried with the failure, never dropped
                break;
            }
            catch (OutputClosedException e)
            {
                // A local run's stdout is gone: nothing more can be delivered, so nothing more is read.
                summary.RecordFailure($"{o}: {e.Message}");
                failed.Add(o);
                failed.AddRange(objects.Skip(i + 1));
                firstFailure ??= e.Message;
                break;
            }
            finally
            {
                // However the object ended, its run's counts join the invocation's.
                await run.DisposeAsync().ConfigureAwait(false);
                summary.Add(run.Summary);
            }
        }

        return new ReadingOutcome(toHandOver, failed, progress, firstFailure);
    }

    /// <summary>A local run stopped on request: where each object stopped, and no hand-over (a person stopped it).</summary>
    private async Task<InvocationResult> InterruptedAsync(RunSummary summary, ReadingOutcome reading)
    {
        summary.Interrupted = true;
        foreach (var o in reading.ToHandOver) summary.RecordStoppedAt(o.FromWhere);
        string message = $"stopped on request at {string.Join("; ", summary.StoppedAt)}" +
                         (summary.UndeliveredMessage() is { } undelivered ? $"; {undelivered}" : "");
        return await FinishAsync(summary, InvocationError.Interrupted, message).ConfigureAwait(false);
    }

    /// <summary>Failures first (Lambda retries them), then a hand-over when time ran out, else success.</summary>
    private async Task<InvocationResult> DecideAsync(RunSummary summary, InvocationEvent invocation, ReadingOutcome reading, TimeBudget budget,
        CancellationToken cancellationToken)
    {
        foreach (var o in reading.ToHandOver) summary.RecordStoppedAt(o.FromWhere);
        string stoppedAt = string.Join("; ", summary.StoppedAt);

        if (reading.ToHandOver.Count > 0 && !reading.MadeProgress && reading.Failed.Count == 0)
        {
            // Handing over the same position again would loop through the queue for ever, paying for every turn.
            var message = $"no line could be read before the deadline margin ({HandOverOptions.DeadlineMarginSecondsSetting.Variable}=" +
                          $"{handOver.DeadlineMarginSeconds} s; the invocation had {Math.Max(0, budget.AtStart.TotalSeconds):0} s left): " +
                          $"not handing over, the next invocation would stop at the same place; raise the function timeout or lower the margin; stopped at {stoppedAt}";
            summary.RecordFailure(message);
            for (int i = 0; i < reading.ToHandOver.Count; i++) summary.RecordSource(SourceOutcome.Failed);
            return await FinishAsync(summary, InvocationError.NoProgress, message).ConfigureAwait(false);
        }

        var failed = new List<ObjectToRead>(reading.Failed);
        InvocationError? error = null;
        string? errorMessage = null;
        if (summary.EventsFailed > 0)
            (error, errorMessage) = (InvocationError.EventsNotDelivered, summary.UndeliveredMessage());
        else if (reading.Failed.Count > 0)
            (error, errorMessage) = (InvocationError.ObjectsNotRead, reading.FirstFailure is not { } first
                ? $"{reading.Failed.Count} object(s) could not be read to their end"
                : reading.Failed.Count == 1 ? first : $"{first} (and {reading.Failed.Count - 1} more objects not read to their end)");

        if (reading.ToHandOver.Count > 0 && error is not null)
            failed.AddRange(reading.ToHandOver);   // not handed over after a failure: they are retried with it
        else if (reading.ToHandOver.Count > 0)
        {
            if (handOvers is null)
            {
                (error, errorMessage) = (InvocationError.TimeRanOut, $"time ran out with no {HandOverOptions.QueueUrlVariable}; stopped at {stoppedAt}");
                failed.AddRange(reading.ToHandOver);
            }
            else if (await SendHandOverAsync(handOvers, summary, reading.ToHandOver, stoppedAt, cancellationToken).ConfigureAwait(false) is { } notSent)
            {
                (error, errorMessage) = (InvocationError.ContinuationNotSent, notSent);
                failed.AddRange(reading.ToHandOver);
            }
        }

        // Through an SQS event source mapping, the answer names only the messages to retry; the others are done.
        if (invocation.IsSqsBatch) return await FinishBatchAsync(summary, invocation, failed, errorMessage).ConfigureAwait(false);
        return await FinishAsync(summary, error, errorMessage).ConfigureAwait(false);
    }

    /// <summary>Sends the hand-over; returns why it could not be sent, or null.</summary>
    private async Task<string?> SendHandOverAsync(IHandOverQueue queue, RunSummary summary, List<ObjectToRead> toHandOver, string stoppedAt,
        CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendAsync(HandOverMessage.Create(toHandOver), cancellationToken).ConfigureAwait(false);
            summary.HandOverSent = true;
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var cause = FailureCause.Of(e) ?? $"{e.GetType().Name}: {e.Message}";
            var message = $"the continuation could not be sent to {HandOverOptions.QueueUrlVariable} ({cause}); stopped at {stoppedAt}";
            summary.RecordFailure(message);
            await log.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return message;
        }
    }

    /// <summary>Logs the summary and its metrics record (also on failure: nothing is silent).</summary>
    private async Task<InvocationResult> FinishAsync(RunSummary summary, InvocationError? error, string? errorMessage)
    {
        var json = await summaryLogger.LogAsync(summary).ConfigureAwait(false);
        return new InvocationResult(error is null, json, summary, error, errorMessage);
    }

    /// <summary>The answer to an SQS batch: a success naming the messages whose objects failed (<c>batchItemFailures</c>).</summary>
    private async Task<InvocationResult> FinishBatchAsync(RunSummary summary, InvocationEvent invocation, List<ObjectToRead> failed,
        string? errorMessage)
    {
        var json = await summaryLogger.LogAsync(summary).ConfigureAwait(false);
        var failedMessages = invocation.Unreadable.Select(u => u.MessageId).Concat(failed.Select(o => o.MessageId).OfType<string>()).Distinct().ToList();
        if (errorMessage is null && invocation.Unreadable.Count > 0)
            errorMessage = NothingToRead(invocation.Unreadable[0]) +
                           (invocation.Unreadable.Count > 1 ? $" (and {invocation.Unreadable.Count - 1} more such messages)" : "");
        if (failedMessages.Count > 0)
            await log.WriteLineAsync($"error: {failedMessages.Count} of {invocation.SqsMessageIds.Count} message(s) to be retried: {errorMessage}")
                .ConfigureAwait(false);
        string? failure = failedMessages.Count > 0 ? errorMessage : null;
        return new InvocationResult(true, BatchResponse.Create(failedMessages, json), summary, ErrorMessage: failure, BatchItemFailures: failedMessages);
    }

    private static string NothingToRead((string MessageId, string Reason) message) => $"SQS message {message.MessageId} names nothing to read: {message.Reason}";
}
