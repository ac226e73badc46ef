using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>
/// When reading a source stops before its end, asked between batches: on request (Ctrl+C, SIGTERM:
/// <paramref name="Interrupt"/>), or when the invocation's time is up (<paramref name="TimeUp"/>, the
/// deadline margin has begun, and the rest is handed over). <c>default</c> never stops.
/// </summary>
internal readonly record struct ReadStop(Func<bool>? TimeUp = null, CancellationToken Interrupt = default)
{
    /// <summary>How reading ends if it stops now: <see cref="SourceOutcome.Interrupted"/>, <see cref="SourceOutcome.HandedOver"/>, or null to go on.</summary>
    public SourceOutcome? Now() =>
        Interrupt.IsCancellationRequested ? SourceOutcome.Interrupted : TimeUp?.Invoke() == true ? SourceOutcome.HandedOver : null;
}
