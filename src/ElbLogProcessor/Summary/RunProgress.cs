namespace ElbLogProcessor.Summary;

/// <summary>
/// The runs of one command as they go, for its live display: the summary of every run it started (one for
/// <c>process</c>, one per object of an <c>invoke</c>'s event: few), read while they count. A backfill, with a run per
/// object, has its own progress and does not keep them.
/// </summary>
internal sealed class RunProgress
{
    private readonly Lock _lock = new();
    private readonly List<RunSummary> _runs = [];

    public void Add(RunSummary run)
    {
        lock (_lock) _runs.Add(run);
    }

    /// <summary>The counts now, summed over the runs (a reader's counts are read as they are: a moment old at most).</summary>
    public ProgressCounts Now()
    {
        lock (_lock)
        {
            long lines = 0, events = 0, sent = 0, failed = 0, retries = 0;
            string? failing = null;
            foreach (var run in _runs)
            {
                lines += run.Lines;
                events += run.Events;
                sent += run.EventsSent;
                failed += run.EventsFailed;
                retries += run.Retries;
                failing = run.FailingNow ?? failing;
            }

            return new ProgressCounts(lines, events, sent, failed, retries, failing);
        }
    }
}

/// <summary>What a command's runs have done so far.</summary>
/// <param name="Lines">Lines read.</param>
/// <param name="Events">Events made of them (not yet all delivered).</param>
/// <param name="EventsSent">Events delivered.</param>
/// <param name="EventsFailed">Events that will not be delivered.</param>
/// <param name="Retries">Retries made.</param>
/// <param name="FailingNow">Why delivery is failing now (its last attempt), or null.</param>
internal readonly record struct ProgressCounts(long Lines, long Events, long EventsSent, long EventsFailed, long Retries, string? FailingNow)
{
    /// <summary>Events read but neither delivered nor given up yet.</summary>
    public long InFlight => Math.Max(0, Events - EventsSent - EventsFailed);
}
