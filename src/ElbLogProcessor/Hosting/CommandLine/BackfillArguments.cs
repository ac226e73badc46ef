namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>What <c>backfill</c> was asked to do.</summary>
/// <param name="Location">s3://bucket/prefix.</param>
/// <param name="From">First UTC day (inclusive), or null for no date range.</param>
/// <param name="To">Last UTC day (inclusive).</param>
/// <param name="Include">File-name globs to send (all when empty).</param>
/// <param name="Exclude">File-name globs not to send.</param>
/// <param name="Parallel">Objects read at once.</param>
/// <param name="StateFile">The checkpoint to resume from and write to.</param>
/// <param name="DryRun">Only list what would be sent.</param>
/// <param name="ViaQueue">Send one message per object to this queue instead of reading the objects here.</param>
/// <param name="ProgressInterval">How often a JSON progress line is written when stderr is not a terminal.</param>
/// <param name="ResultsFile">Where every object's result goes, one JSON line each.</param>
/// <param name="Json">Progress and ending as JSON lines, also on a terminal.</param>
internal sealed record BackfillArguments(
    string Location, DateOnly? From, DateOnly? To, string[] Include, string[] Exclude, int Parallel, string? StateFile, bool DryRun,
    string? ViaQueue, TimeSpan ProgressInterval, string? ResultsFile = null, bool Json = false);
