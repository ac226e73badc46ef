using ElbLogProcessor.Reading;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>What reading one source came to.</summary>
/// <param name="Outcome">Read to its end, stopped (handed over, interrupted), or failed.</param>
/// <param name="Next">The first line not handled: where to resume (and whether the source is gzip).</param>
/// <param name="ETag">The version that was read, when known.</param>
/// <param name="Failure">Why it failed, naming the source (and line and byte when reading had begun).</param>
internal readonly record struct SourceResult(SourceOutcome Outcome, ReadStart Next, string? ETag, string? Failure);
