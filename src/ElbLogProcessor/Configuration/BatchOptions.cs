namespace ElbLogProcessor.Configuration;

/// <summary>When a batch is sealed: at <see cref="MaxEvents"/> events or <see cref="MaxBytes"/> bytes.</summary>
/// <remarks>
/// The byte limit is checked after each event, so a batch exceeds it by at most one event
/// (an event larger than the limit travels alone).
/// </remarks>
internal sealed record BatchOptions
{
    public static readonly IntSetting MaxEventsSetting = new("BATCH_MAX_EVENTS", 500, 1, 100_000);
    public static readonly IntSetting MaxBytesSetting = new("BATCH_MAX_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024);

    public int MaxEvents { get; init; } = MaxEventsSetting.Default;
    public int MaxBytes { get; init; } = MaxBytesSetting.Default;

    public void Validate()
    {
        MaxEventsSetting.Check(MaxEvents);
        MaxBytesSetting.Check(MaxBytes);
    }
}
