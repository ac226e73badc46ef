using Polly;
using Polly.Telemetry;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// A Polly strategy, outermost in the delivery pipeline: after N batches of a run in a row failed every attempt, the
/// run gives up on Logstash (<see cref="FailureStreak.GiveUp"/>): its later batches fail at once with
/// <see cref="GaveUpException"/>, and the batches still retrying stop at their next wait (<see cref="GiveUpGate"/>).
/// Before that, a delivered batch resets the count. The count is the run's (<see cref="FailureStreak"/>, in each
/// execution's context), so one pipeline serves every run of the process. Written here because Polly v8's circuit
/// breaker judges a failure ratio over a time window, where one success keeps it closed however many failures follow,
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

        if (streak.HasGivenUp)
            return Outcome.FromException<HttpResponseMessage>(new GaveUpException(options.AfterFailuresInARow));

        long started = time.GetTimestamp();
        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (options.IsFailure(outcome))
        {
            if (streak.Failed(started, time, options.AfterFailuresInARow) is { } over)
                telemetry.Report(new ResilienceEvent(ResilienceEventSeverity.Warning, "OnGiveUp"), context,
                    new GiveUpArguments(options.AfterFailuresInARow, over));
        }
        else if (outcome.Result is { IsSuccessStatusCode: true }) streak.Reset();

        return outcome;
    }

    /// <summary>What the give-up event reports: batches failed in a row, and over how long.</summary>
    public readonly record struct GiveUpArguments(int FailedInARow, TimeSpan Over);
}

/// <summary>
/// A Polly strategy between the retries and each attempt, the other half of <see cref="GiveUpStrategy"/>: once the run
/// has given up, a retrying batch makes no further attempt. Each attempt runs under the run's own stop only
/// (<see cref="AttemptStopKey"/>), while the retries wait under the execution's token, which giving up cancels: so a
/// batch in its backoff stops at once, and an attempt already on the wire is never cut by giving up.
/// </summary>
internal sealed class GiveUpGate : ResilienceStrategy<HttpResponseMessage>
{
    /// <summary>The token each attempt runs under (the run's hard stop), when the execution's also ends on giving up.</summary>
    public static readonly ResiliencePropertyKey<CancellationToken> AttemptStopKey = new("ElbLogProcessor.AttemptStop");

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        if (!context.Properties.TryGetValue(GiveUpStrategy.StreakKey, out var streak) ||
            !context.Properties.TryGetValue(AttemptStopKey, out var attemptStop))
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);

        if (streak.HasGivenUp) return Outcome.FromException<HttpResponseMessage>(new GaveUpException(streak.GaveUpAfterBatches));

        var attempt = ResilienceContextPool.Shared.Get(context.ContinueOnCapturedContext, attemptStop);
        try
        {
            return await callback(attempt, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(attempt);
        }
    }
}

/// <summary>
/// One run's batches that failed every attempt in a row (senders update it at once), and whether the run has given up:
/// then <see cref="GiveUp"/> is cancelled, for good. (Its token source holds no timer or handle: nothing to dispose.)
/// </summary>
internal sealed class FailureStreak
{
    private readonly CancellationTokenSource _giveUp = new();
    private readonly Lock _lock = new();
    private int _failedInARow;
    private long _failingSince;

    /// <summary>Cancelled when the run gives up; the retries' waits end on it.</summary>
    public CancellationToken GiveUp => _giveUp.Token;

    public bool HasGivenUp => _giveUp.IsCancellationRequested;

    /// <summary>How many batches in a row had failed when the run gave up.</summary>
    public int GaveUpAfterBatches { get; private set; }

    /// <summary>From the first attempt of the streak's first batch to giving up: how long the run was failing.</summary>
    public TimeSpan GaveUpAfter { get; private set; }

    /// <summary>
    /// A batch whose first attempt began at <paramref name="batchStarted"/> (a timestamp of <paramref name="time"/>) failed;
    /// returns the failing time when the run gives up with it.
    /// </summary>
    public TimeSpan? Failed(long batchStarted, TimeProvider time, int giveUpAfter)
    {
        lock (_lock)
        {
            if (_giveUp.IsCancellationRequested) return null;
            if (++_failedInARow == 1) _failingSince = batchStarted;
            if (_failedInARow < giveUpAfter) return null;
            GaveUpAfterBatches = _failedInARow;
            GaveUpAfter = time.GetElapsedTime(_failingSince);
        }

        _giveUp.Cancel();
        return GaveUpAfter;
    }

    public void Reset()
    {
        lock (_lock)
            if (!_giveUp.IsCancellationRequested) _failedInARow = 0;
    }
}
