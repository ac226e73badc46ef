using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>What reading one source came to.</summary>
/// <param name="Outcome">Read to its end, stopped for lack of time, or failed.</param>
/// <param name="NextLineNumber">Number of the first line not handled (where to resume).</param>
/// <param name="NextByteOffset">Decoded offset of the first byte not handled (where to resume).</param>
/// <param name="Compressed">The source is gzip.</param>
/// <param name="ETag">The version that was read, when known.</param>
/// <param name="Failure">Why it failed, naming the source (and line and byte when reading had begun).</param>
internal readonly record struct SourceResult(
    SourceOutcome Outcome, long NextLineNumber, long NextByteOffset, bool Compressed, string? ETag, string? Failure);
