namespace ElbLogProcessor.Reading;

/// <summary>Where a line sits in its source: 1-based number and offset of its first byte.</summary>
/// <param name="LineNumber">1-based.</param>
/// <param name="ByteOffset">Of its first byte in the decoded source.</param>
/// <param name="CutFrom">
/// The line's whole length (line end aside) when it was longer than <c>MAX_LINE_BYTES</c> and only its first bytes were
/// kept; 0 for a line handed out whole.
/// </param>
internal readonly record struct LinePosition(long LineNumber, long ByteOffset, long CutFrom = 0)
{
    /// <summary>Only the first <c>MAX_LINE_BYTES</c> of the line were kept.</summary>
    public bool IsCut => CutFrom > 0;
}
