namespace ElbLogProcessor.Invocation;

/// <summary>
/// One log object to read, and where to start: the beginning for a notification, or the
/// exact line a previous invocation handed over (a continuation).
/// </summary>
/// <param name="Bucket">Bucket name.</param>
/// <param name="Key">Object key, URL-decoded.</param>
/// <param name="ETag">The object's ETag (without quotes) when known: resumed reads must match it.</param>
/// <param name="VersionId">The object's version in a versioned bucket.</param>
/// <param name="ByteOffset">Decoded offset of the first line to read.</param>
/// <param name="LineNumber">Number of that line (1-based).</param>
/// <param name="Compressed">For a continuation: the object is gzip (decoding restarts at 0 and skips to the offset).</param>
/// <param name="Size">The object's size in bytes, when the notification gives it.</param>
/// <param name="MessageId">The SQS message that named the object, when it came through SQS (for partial batch failures).</param>
internal sealed record ObjectReference(
    string Bucket,
    string Key,
    string? ETag = null,
    string? VersionId = null,
    long ByteOffset = 0,
    long LineNumber = 1,
    bool Compressed = false,
    long? Size = null,
    string? MessageId = null)
{
    /// <summary>The objects ELB writes when access, connection or health check logging is enabled: not logs.</summary>
    public static readonly IReadOnlyList<string> TestFileNames = ["ELBAccessLogTestFile", "ELBConnectionLogTestFile", "ELBHealthCheckLogTestFile"];

    /// <summary>The object is one of <see cref="TestFileNames"/> (its file name, after the last slash).</summary>
    public bool IsElbTestFile => TestFileNames.Contains(Key[(Key.LastIndexOf('/') + 1)..]);

    public bool IsContinuation => ByteOffset > 0;

    /// <summary>Notified as empty: there is nothing to read (and a range GET of it would be refused).</summary>
    public bool IsEmpty => Size == 0;

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
