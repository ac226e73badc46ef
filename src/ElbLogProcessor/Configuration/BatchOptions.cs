namespace ElbLogProcessor.Configuration;

/// <summary>
/// When a batch is sealed: at <see cref="MaxEvents"/> events or <see cref="MaxBytes"/> bytes; and how long a line is kept whole
/// (<see cref="MaxLineBytes"/>), which bounds one event.
/// </summary>
/// <remarks>
/// The byte limit is checked after each event, so a batch exceeds it by at most one event
/// (an event larger than the limit travels alone).
/// <para>
/// By default the byte limit is the one that seals a batch (1 MiB is about 1,300 classic or 800 ALB
/// events); the event limit, 2,000 as in Beats' Logstash output (<c>bulk_max_size</c> 2,048), is a
/// cap for small events. Each request costs CPU of its own (HTTP, wake-ups, the socket): measured
/// on 1 M classic lines with gzip, 500-event batches took 7% more of the function's CPU than 1 MiB ones.
/// </para>
/// </remarks>
internal sealed record BatchOptions
{
    public static readonly IntSetting MaxEventsSetting = new("BATCH_MAX_EVENTS", 2000, 1, 100_000);
    public static readonly IntSetting MaxBytesSetting = new("BATCH_MAX_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024);

    /// <summary>The longest line kept whole: of a longer one, one event with its first bytes (the memory bound of reading).</summary>
    public static readonly IntSetting MaxLineBytesSetting = new("MAX_LINE_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024);

    public int MaxEvents { get; init; } = MaxEventsSetting.Default;
    public int MaxBytes { get; init; } = MaxBytesSetting.Default;
    public int MaxLineBytes { get; init; } = MaxLineBytesSetting.Default;

    public void Validate()
    {
        MaxEventsSetting.Check(MaxEvents);
        MaxBytesSetting.Check(MaxBytes);
        MaxLineBytesSetting.Check(MaxLineBytes);
    }
}
