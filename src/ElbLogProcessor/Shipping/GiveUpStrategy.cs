using Polly;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// A Polly strategy, outermost in the delivery pipeline: after N batches in a row failed every
/// attempt, later batches fail at once with <see cref="GaveUpException"/> instead of waiting out
/// their retries. A delivered batch resets the count. Written here because Polly v8's circuit
/// breaker judges a failure ratio over a time window, where one success keeps it closed however
/// many failures follow, which is not what "in a row" promises.
/// </summary>
internal sealed class GiveUpStrategy(GiveUpStrategyOptions options) : ResilienceStrategy<HttpResponseMessage>
{
    private int _failedInARow;

    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        if (Volatile.Read(ref _failedInARow) >= options.AfterFailuresInARow)
            return Outcome.FromException<HttpResponseMessage>(new GaveUpException(options.AfterFailuresInARow));

        var outcome = await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        if (options.IsFailure(outcome)) Interlocked.Increment(ref _failedInARow);
        else if (outcome.Result is { IsSuccessStatusCode: true }) Volatile.Write(ref _failedInARow, 0);
        return outcome;
    }
}
