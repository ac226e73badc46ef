namespace ElbLogProcessor.Reading;

/// <summary>
/// A log source could not be read to its end (truncated or corrupt gzip, I/O failure).
/// Every line before <see cref="LineNumber"/> has already been handed on when this is thrown.
/// </summary>
internal sealed class LogReadException : Exception
{
    public LogReadException(string source, long lineNumber, long byteOffset, string reason, Exception? inner = null)
        : base($"{source}: {reason} (before line {lineNumber}, at decoded byte {byteOffset})", inner)
    {
        SourceName = source;
        LineNumber = lineNumber;
        ByteOffset = byteOffset;
    }

    /// <summary>The source's display name (file path or s3://bucket/key).</summary>
    public string SourceName { get; }

    /// <summary>The 1-based number of the first line that could not be read.</summary>
    public long LineNumber { get; }

    /// <summary>Offset in the decoded (decompressed) stream where reading stopped.</summary>
    public long ByteOffset { get; }
}
