namespace ElbLogProcessor.Pipeline;

/// <summary>Where reading a source starts.</summary>
/// <param name="LineNumber">Number of the first line to handle.</param>
/// <param name="ByteOffset">Decoded offset of that line.</param>
/// <param name="RawStartsAtOffset">
/// The raw stream already starts at <paramref name="ByteOffset"/> (a plain object read with a
/// range); otherwise it starts at 0 and the lines before the offset are skipped (gzip, whose
/// decoding must restart from the beginning).
/// </param>
internal readonly record struct ReadStart(long LineNumber, long ByteOffset, bool RawStartsAtOffset)
{
    public static ReadStart Beginning => new(1, 0, RawStartsAtOffset: true);
}
