using ElbLogProcessor.Configuration;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>
/// The policy of one invocation: which objects the event names, how far the time allows
/// reading them, and how the invocation ends (success, failure, or a hand-over to the next
/// invocation). Keeps no state between invocations: each one gets its own <see cref="PipelineRun"/>.
/// </summary>
internal sealed class InvocationHandler(
    Func<PipelineRun> startRun,
    ObjectReader objects,
    HandOverOptions handOver,
    IContinuationQueue? continuations,
    TextWriter log,
    TimeProvider time)
{
    public async Task<InvocationResult> HandleAsync(string eventJson, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        await using var run = startRun();
        IReadOnlyList<ObjectReference> references;
        try
        {
            references = InvocationEventParser.Parse(eventJson);
        }
        catch (UnsupportedEventException e)
        {
            run.Summary.RecordFailure(e.Message);
            return await FinishAsync(run, "UnsupportedEvent", e.Message).ConfigureAwait(false);
        }

        var budget = new TimeBudget(deadline, handOver.DeadlineMargin, time);
        ReadingOutcome reading;
        using (var hardStop = budget.StartHardStop(cancellationToken))
        {
            reading = await ReadObjectsAsync(run, references, budget, hardStop).ConfigureAwait(false);
            // Waits for what is in flight, but not past the hard stop: then the senders give up and count it.
            await run.CompleteDeliveryAsync(hardStop.Token).ConfigureAwait(false);
        }

        return await DecideAsync(run, reading, budget, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What reading the objects came to.</summary>
    /// <param name="Unfinished">Objects to hand over: the one stopped mid-way (from where it stopped) and every one not started.</param>
    /// <param name="Unreadable">Objects that could not be read to their end.</param>
    /// <param name="MadeProgress">Something was done: an object read, skipped, or advanced past where this invocation started it.</param>
    private sealed record ReadingOutcome(List<ObjectReference> Unfinished, int Unreadable, bool MadeProgress);

    private async Task<ReadingOutcome> ReadObjectsAsync(PipelineRun run, IReadOnlyList<ObjectReference> references, TimeBudget budget,
        HardStop hardStop)
    {
        var unfinished = new List<ObjectReference>();
        int unreadable = 0;
        bool progress = false;
        foreach (var reference in references)
        {
            if (reference.IsElbTestFile)
            {
                run.Summary.RecordSkipped();
                progress = true;
                continue;
            }

            if (reference.IsEmpty)
            {
                run.Summary.RecordSource(SourceOutcome.Completed);
                progress = true;
                continue;
            }

            if (unfinished.Count > 0 || budget.IsUp())
            {
                unfinished.Add(reference);   // not started: handed over as it is
                continue;
            }

            try
            {
                var (result, rest) = await objects.ReadAsync(run.Pipeline, reference, budget.IsUp, hardStop.Token).ConfigureAwait(false);
                if (result.Outcome == SourceOutcome.Failed) unreadable++;
                if (rest is not null) unfinished.Add(rest);
                progress |= rest is null || rest.LineNumber > reference.LineNumber;
            }
            catch (OperationCanceledException) when (hardStop.IsReached)
            {
                run.Summary.RecordFailure($"{reference}: the deadline came while it was being read");
                unreadable++;
                break;
            }
        }

        return new ReadingOutcome(unfinished, unreadable, progress);
    }

    /// <summary>Failures first (Lambda retries them), then a hand-over when time ran out, else success.</summary>
    private async Task<InvocationResult> DecideAsync(PipelineRun run, ReadingOutcome reading, TimeBudget budget,
        CancellationToken cancellationToken)
    {
        var summary = run.Summary;
        foreach (var reference in reading.Unfinished)
            summary.RecordStoppedAt($"{reference} from line {reference.LineNumber} (byte {reference.ByteOffset})");
        string stoppedAt = string.Join("; ", summary.StoppedAt);

        if (summary.EventsFailed > 0)
            return await FinishAsync(run, "EventsNotDelivered", $"{summary.EventsFailed} of {summary.Events} events were not delivered")
                .ConfigureAwait(false);
        if (reading.Unreadable > 0)
            return await FinishAsync(run, "ObjectsNotRead", $"{reading.Unreadable} object(s) could not be read to their end")
                .ConfigureAwait(false);
        if (reading.Unfinished.Count == 0) return await FinishAsync(run, null, null).ConfigureAwait(false);

        if (!reading.MadeProgress)
        {
            // Handing over the same position again would loop through the queue for ever, paying for every turn.
            var message = $"no line could be read before the deadline margin ({HandOverOptions.DeadlineMarginSecondsSetting.Variable}=" +
                          $"{handOver.DeadlineMarginSeconds} s; the invocation had {Math.Max(0, budget.AtStart.TotalSeconds):0} s left): " +
                          $"not handing over, the next invocation would stop at the same place; raise the function timeout or lower the margin; stopped at {stoppedAt}";
            summary.RecordFailure(message);
            for (int i = 0; i < reading.Unfinished.Count; i++) summary.RecordSource(SourceOutcome.Failed);
            return await FinishAsync(run, "NoProgress", message).ConfigureAwait(false);
        }

        if (continuations is null)
            return await FinishAsync(run, "TimeRanOut",
                $"time ran out with no {HandOverOptions.ContinuationQueueVariable}; stopped at {stoppedAt}").ConfigureAwait(false);
        try
        {
            await continuations.SendAsync(ContinuationMessage.Create(reading.Unfinished), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var message = $"the continuation could not be sent to {HandOverOptions.ContinuationQueueVariable} ({e.GetType().Name}: {e.Message}); stopped at {stoppedAt}";
            summary.RecordFailure(message);
            await log.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return await FinishAsync(run, "ContinuationNotSent", message).ConfigureAwait(false);
        }

        summary.ContinuationSent = true;
        return await FinishAsync(run, null, null).ConfigureAwait(false);
    }

    /// <summary>Logs the summary and its metrics record (also on failure: nothing is silent).</summary>
    private static async Task<InvocationResult> FinishAsync(PipelineRun run, string? errorType, string? errorMessage)
    {
        var json = await run.LogSummaryAsync().ConfigureAwait(false);
        return new InvocationResult(errorType is null, json, errorType, errorMessage);
    }
}
