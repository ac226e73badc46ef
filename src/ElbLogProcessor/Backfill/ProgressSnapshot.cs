namespace ElbLogProcessor.Backfill;

/// <summary>Where a backfill stands: the line written every few seconds when stderr is not a terminal.</summary>
internal sealed record ProgressSnapshot(
    string Message,
    int ObjectsDone,
    int ObjectsTotal,
    int ObjectsFailed,
    long Lines,
    long LinesPerSecond,
    long BytesDone,
    long BytesTotal,
    long EventsSent,
    long EventsFailed,
    long MessagesSent,
    double Seconds,
    long? EtaSeconds);
