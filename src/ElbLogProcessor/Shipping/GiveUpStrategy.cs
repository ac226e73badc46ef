using Polly;
using Polly.Telemetry;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// A Polly strategy, outermost in the delivery pipeline: after N batches of a run in a row failed every attempt,
/// its later batches fail at once with <see cref="GaveUpException"/> instead of waiting out their retries. A
/// delivered batch resets the count. The count is the run's (<see cref="FailureStreak"/>, in each execution's
/// context), so one pipeline serves every run of the process. Written here because Polly v8's circuit breaker
/// judges a failure ratio over a time window, where one success keeps it closed however many failures follow,
/// which is not what "in a row" promises.
/// </summary>
internal sealed class GiveUpStrategy(GiveUpStrategyOptions options, ResilienceStrategyTelemetry telemetry, TimeProvider time)
    : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>The run's streak of failed batches; without it the strategy lets every batch through.</summary>
    public static readonly ResiliencePropertyKey<FailureStreak> StreakKey = new("ElbLogProcessor.FailureStreak");

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        if (!context.Properties.TryGetValue(StreakKey, out var streak))
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);

        int failedInARow = streak.FailedInARow;
        if (failedInARow >= options.AfterFailuresInARow)
        {
            telemetry.Report(new ResilienceEvent(ResilienceEventSeverity.Warning, "OnGiveUp"), context,
                new GiveUpArguments(failedInARow, time.GetElapsedTime(streak.StartedAt)));
            return Outcome.FromException<HttpResponseMessage>(new GaveUpException(options.AfterFailuresInARow));
        }

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (options.IsFailure(outcome)) streak.Failed(time.GetTimestamp());
        else if (outcome.Result is { IsSuccessStatusCode: true }) streak.Reset();
        return outcome;
    }

    /// <summary>What the give-up event reports: batches failed in a row, and over how long.</summary>
    public readonly record struct GiveUpArguments(int FailedInARow, TimeSpan Over);
}

/// <summary>One run's batches that failed every attempt in a row (senders update it at once).</summary>
internal sealed class FailureStreak
{
    private int _failedInARow;
    private long _startedAt;

    public int FailedInARow => Volatile.Read(ref _failedInARow);

    /// <summary>When the streak's first failure was counted (a <see cref="TimeProvider"/> timestamp).</summary>
    public long StartedAt => Interlocked.Read(ref _startedAt);

    public void Failed(long now)
    {
        if (Interlocked.Increment(ref _failedInARow) == 1) Interlocked.Exchange(ref _startedAt, now);
    }

    public void Reset() => Volatile.Write(ref _failedInARow, 0);
}
