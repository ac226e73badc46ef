namespace ElbLogProcessor.Backfill;

/// <summary>
/// One line of a backfill's state file: an object sent completely (<see cref="Done"/>), or where an
/// interrupted one stopped (every line before it delivered). The ETag ties it to one version: a
/// changed object is sent again.
/// </summary>
internal sealed record StateEntry(string Bucket, string Key, string ETag, bool Done, long ByteOffset = 0, long LineNumber = 1,
    bool Compressed = false, long Lines = 0);
