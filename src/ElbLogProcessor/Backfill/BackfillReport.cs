namespace ElbLogProcessor.Backfill;

/// <summary>
/// The per-object results after a backfill's summary: counts by outcome, and every object that did
/// not complete with its reason (the completed ones are in the state file, when there is one).
/// </summary>
internal sealed record BackfillReport(string Message, int Objects, Dictionary<string, int> Outcomes, ObjectResult[] NotCompleted)
{
    public static BackfillReport From(IEnumerable<ObjectResult> results)
    {
        var all = results.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new BackfillReport("ElbLogProcessor backfill results", all.Count,
            all.GroupBy(r => r.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            [.. all.Where(r => r.Outcome is not (ObjectResult.Completed or ObjectResult.AlreadyDone or ObjectResult.Queued))]);
    }
}
