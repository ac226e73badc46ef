namespace ElbLogProcessor.Reading;

/// <summary>
/// Hands out an object's records one at a time, each as the bytes of one line and where it sits: the lines of a text
/// object (<see cref="LineReader"/>), or the rows of a Parquet one (<see cref="ParquetRecordReader"/>).
/// </summary>
internal interface IRecordReader : IDisposable
{
    /// <summary>The position of the next record: a text object's next line and its decoded byte offset, or a Parquet row and its ordinal.</summary>
    LinePosition Next { get; }

    /// <summary>Reads more of the object; false at its end.</summary>
    ValueTask<bool> FillAsync(CancellationToken cancellationToken);

    /// <summary>The next record already read, if any; valid until the next call.</summary>
    bool TryReadLine(out ReadOnlySpan<byte> line, out LinePosition position);
}
