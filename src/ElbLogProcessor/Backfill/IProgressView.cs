namespace ElbLogProcessor.Backfill;

/// <summary>Shows a backfill's progress while it runs: a live display on a terminal, JSON lines elsewhere.</summary>
internal interface IProgressView
{
    /// <summary>Shows <paramref name="progress"/> until <paramref name="work"/> completes, then once more.</summary>
    Task ShowAsync(BackfillProgress progress, Task work);
}
