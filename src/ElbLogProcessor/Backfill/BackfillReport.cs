namespace ElbLogProcessor.Backfill;

/// <summary>
/// The per-object results after a backfill's summary: counts by outcome, and the objects that did not
/// complete with their reason, the first <see cref="Listed"/> of them by key (every result is in
/// <c>--results FILE</c>, the completed ones also in the state file, when there is one).
/// </summary>
/// <param name="Message">Names the line.</param>
/// <param name="Objects">Every object listed.</param>
/// <param name="Outcomes">Objects per outcome.</param>
/// <param name="NotCompleted">The first of the objects that did not complete, by key.</param>
/// <param name="NotCompletedNotListed">Objects that did not complete and are not in <paramref name="NotCompleted"/>.</param>
/// <param name="ResultsFile">Where every result was written (<c>--results</c>).</param>
internal sealed record BackfillReport(string Message, int Objects, Dictionary<string, int> Outcomes, ObjectResult[] NotCompleted,
    int NotCompletedNotListed = 0, string? ResultsFile = null)
{
    /// <summary>A line of JSON stays readable: a 50,000-object backfill still lists at most this many.</summary>
    public const int Listed = 100;

    public static BackfillReport From(IEnumerable<ObjectResult> results, int listed = Listed, string? resultsFile = null)
    {
        var all = results.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var notCompleted = all.Where(r => !r.IsCompleted).ToList();
        return new BackfillReport("ElbLogProcessor backfill results", all.Count,
            all.GroupBy(r => r.Outcome.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            [.. notCompleted.Take(listed)], Math.Max(0, notCompleted.Count - listed), resultsFile);
    }
}
