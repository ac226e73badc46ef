namespace ElbLogProcessor.Configuration;

/// <summary>What an invocation does as its deadline nears: stop reading, flush, hand the rest over.</summary>
internal sealed record HandOverOptions
{
    /// <summary>
    /// Whatever is still in flight this close to the deadline is given up, so that the summary
    /// is logged and the invocation answered before Lambda ends the process.
    /// </summary>
    public static readonly TimeSpan HardStopBeforeDeadline = TimeSpan.FromSeconds(2);

    /// <summary>
    /// At least the hard stop plus 3 s: reading stops at the margin, then the batches in flight
    /// are flushed and the continuation sent, all before the hard stop gives up on them.
    /// </summary>
    public static readonly IntSetting DeadlineMarginSecondsSetting = new("DEADLINE_MARGIN_SECONDS", 30, 5, 600,
        $"the last {HardStopBeforeDeadline.TotalSeconds:0} s before the deadline are the hard stop; flushing and handing over need at least 3 s more");

    public const string QueueUrlVariable = "CONTINUATION_QUEUE_URL";

    /// <summary>Reading stops this long before the invocation's deadline (DEADLINE_MARGIN_SECONDS).</summary>
    public int DeadlineMarginSeconds { get; init; } = DeadlineMarginSecondsSetting.Default;

    /// <summary>SQS queue for continuation messages (CONTINUATION_QUEUE_URL); without it, a run out of time fails.</summary>
    public Uri? QueueUrl { get; init; }

    public TimeSpan DeadlineMargin => TimeSpan.FromSeconds(DeadlineMarginSeconds);

    public void Validate() => DeadlineMarginSecondsSetting.Check(DeadlineMarginSeconds);
}
