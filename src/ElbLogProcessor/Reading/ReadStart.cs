namespace ElbLogProcessor.Reading;

/// <summary>Where reading a source starts: its first line, or the line where an earlier read stopped (a hand-over).</summary>
/// <param name="LineNumber">Number of the first line to handle (1-based).</param>
/// <param name="ByteOffset">Decoded offset of that line.</param>
/// <param name="Compressed">
/// The source is gzip: its decoding must restart from the beginning, and the lines before <paramref name="ByteOffset"/>
/// are skipped; a plain source is read from that byte on (<see cref="RawOffset"/>).
/// </param>
/// <param name="Row">
/// For a Parquet source, the row group and the row in it where <paramref name="ByteOffset"/> (the row's ordinal) falls:
/// what a hand-over names, checked against the ordinal when it is read back.
/// </param>
internal readonly record struct ReadStart(long LineNumber, long ByteOffset, bool Compressed = false, RowPosition? Row = null)
{
    public static ReadStart Beginning => new(1, 0);

    /// <summary>The raw byte to read the source from.</summary>
    public long RawOffset => Compressed ? 0 : ByteOffset;
}
