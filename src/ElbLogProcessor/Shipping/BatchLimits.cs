namespace ElbLogProcessor.Shipping;

/// <summary>When a batch is sealed: at <see cref="MaxEvents"/> events or <see cref="MaxBytes"/> bytes.</summary>
/// <remarks>
/// The byte limit is checked after each event, so a batch exceeds it by at most one event
/// (an event larger than the limit travels alone).
/// </remarks>
public sealed record BatchLimits(int MaxEvents = BatchLimits.DefaultMaxEvents, int MaxBytes = BatchLimits.DefaultMaxBytes)
{
    public const int DefaultMaxEvents = 500;
    public const int DefaultMaxBytes = 1024 * 1024;

    public static BatchLimits Default { get; } = new();

    public bool IsFull(EventBatch batch) => batch.Count >= MaxEvents || batch.Length >= MaxBytes;
}
