namespace ElbLogProcessor.Summary;

/// <summary>How reading one source (file or object) ended.</summary>
internal enum SourceOutcome
{
    /// <summary>Read to its end.</summary>
    Completed,

    /// <summary>Stopped for lack of time; the rest is handed over (a continuation), not lost.</summary>
    HandedOver,

    /// <summary>Could not be opened, or not read to its end (truncated, corrupt, the transfer broke).</summary>
    Failed,

    /// <summary>Not a log this function reads (another delivery format): failed at once, nothing of it sent.</summary>
    NotALog,

    /// <summary>Stopped on request (Ctrl+C, SIGTERM) at a batch boundary; what was read is delivered, the rest is not read.</summary>
    Interrupted,
}
