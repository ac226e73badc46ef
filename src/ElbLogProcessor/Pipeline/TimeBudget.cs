using ElbLogProcessor.Configuration;

namespace ElbLogProcessor.Pipeline;

/// <summary>
/// An invocation's time, from Lambda's deadline: reading stops <see cref="HandOverOptions.DeadlineMargin"/>
/// before it, and whatever is still in flight is given up <see cref="HandOverOptions.HardStopBeforeDeadline"/>
/// before it, so that the summary is logged and the invocation answered in time.
/// </summary>
internal sealed class TimeBudget(DateTimeOffset deadline, TimeSpan margin, TimeProvider time)
{
    /// <summary>Time the invocation had before its deadline when it started (for messages).</summary>
    public TimeSpan AtStart { get; } = deadline - time.GetUtcNow();

    /// <summary>Reading must stop now (the margin has begun).</summary>
    public bool IsUp() => time.GetUtcNow() >= deadline - margin;

    /// <summary>Starts the clock of the hard stop (it also ends with <paramref name="outer"/>).</summary>
    public HardStop StartHardStop(CancellationToken outer)
    {
        var untilHardStop = deadline - HandOverOptions.HardStopBeforeDeadline - time.GetUtcNow();
        return new HardStop(untilHardStop > TimeSpan.Zero ? untilHardStop : TimeSpan.Zero, time, outer);
    }
}
