using System.Globalization;
using System.Text;
using ElbLogProcessor.LogKinds;
using Parquet;
using Parquet.Schema;

namespace ElbLogProcessor.Reading;

/// <summary>
/// Reads a CloudWatch-vended delivery in Parquet (docs/log-formats.md), one row group at a time: the footer first,
/// then each row group's column chunks, by ranges, so memory holds one row group, never the object. Each row is handed
/// out as a plain delivery writes a record (its values in column order, tab-separated), which the parser reads by the
/// columns' names as it reads those, so the same record gives the same event.
/// </summary>
/// <remarks>
/// A row's position is its ordinal in the object (rows of earlier row groups counted from the footer, unread): its
/// line number is the ordinal plus one and its offset the ordinal, which makes event ids deterministic and lets a
/// hand-over resume at (row group, row) without reading the rows before it.
/// </remarks>
internal sealed class ParquetRecordReader : IRecordReader
{
    /// <summary>
    /// The largest row group read (uncompressed, as its footer states). Reading one costs memory in proportion: its
    /// values as UTF-16 slices, one array per column, the library's page buffers (measured, ALB rows, 100 row groups of
    /// 33,000 rows, 667 MB uncompressed: peak RSS 327 MiB, some 45 times a row group). This bound keeps a function of the
    /// stack's default 1,024 MB inside its memory. AWS does not document the row group sizes of its deliveries.
    /// </summary>
    public const long MaxRowGroupBytes = 16L * 1024 * 1024;

    private readonly ParquetReader _reader;
    private readonly SeekableObjectStream _stream;
    private readonly string _sourceName;
    private readonly DataField[] _fields;
    private byte[] _line = [];   // the record being written (one of the block's), and its length so far
    private int _length;
    private int _group = -1;       // the row group in hand
    private long _rowsInGroup;
    private long _row;             // the next row of it
    private long _skipInNextGroup; // a resume's rows of the next group read that an earlier read handed out
    private long _ordinal;         // the next row's ordinal in the object

    private ParquetRecordReader(ParquetReader reader, SeekableObjectStream stream, string sourceName, LogKind kind, DataField[] fields)
    {
        _reader = reader;
        _stream = stream;
        _sourceName = sourceName;
        Kind = kind;
        _fields = fields;
        ColumnNames = [.. fields.Select(f => f.Name)];
    }

    /// <summary>The log type of the rows, from the column names.</summary>
    public LogKind Kind { get; }

    /// <summary>What separates the values of a row as it is handed on.</summary>
    public static ReadOnlySpan<byte> Delimiter => "\t"u8;

    /// <summary>The columns' names, in the order of a row's values.</summary>
    public string[] ColumnNames { get; }

    public LinePosition Next => new(_ordinal + 1, _ordinal);

    /// <summary>Bytes fetched from the object so far.</summary>
    public long BytesRead => _stream.BytesFetched;

    /// <summary>
    /// Reads the footer of <paramref name="stream"/> and positions at the row of ordinal <paramref name="firstRow"/>
    /// (0 for the first); disposes the stream unless it returns a reader.
    /// </summary>
    /// <param name="stream">The object, by ranges; disposed with the reader.</param>
    /// <param name="sourceName">The object's name, for messages.</param>
    /// <param name="firstRow">The ordinal of the first row to hand out.</param>
    /// <param name="at">The row group and row a hand-over named for <paramref name="firstRow"/>: they must agree.</param>
    /// <param name="cancellationToken">Abandons the read.</param>
    /// <returns>The reader; or, when the file's columns are no ELB log type's, null and what it has.</returns>
    /// <exception cref="LogReadException">Not a Parquet file it can read (truncated, corrupt), or not the row the hand-over named.</exception>
    public static async Task<(ParquetRecordReader? Reader, string? Foreign)> OpenAsync(SeekableObjectStream stream, string sourceName, long firstRow,
        RowPosition? at, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw new LogReadException(sourceName, firstRow + 1, firstRow, $"a Parquet file that cannot be read (truncated or corrupt: {e.Message})", e);
        }

        var fields = reader.Schema.GetDataFields();
        if (LogKind.OfNames([.. fields.Select(f => f.Name)]) is not { } kind)
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            var names = string.Join(", ", fields.Take(8).Select(f => f.Name)) + (fields.Length > 8 ? ", ..." : "");
            return (null, $"a Parquet file whose columns are no ELB log type's (it has {names})");
        }

        var records = new ParquetRecordReader(reader, stream, sourceName, kind, fields);
        if (at is { } named && records.PositionOf(firstRow) != named)
        {
            records.Dispose();
            throw new LogReadException(sourceName, firstRow + 1, firstRow,
                $"the hand-over names row {named.Row} of row group {named.RowGroup}, but row {firstRow} of this object is row {records.PositionOf(firstRow).Row} of row group {records.PositionOf(firstRow).RowGroup}");
        }

        records.SkipTo(firstRow);
        return (records, null);
    }

    /// <summary>The row group and row of the row of <paramref name="ordinal"/> (past the last row: the next group, row 0).</summary>
    public RowPosition PositionOf(long ordinal)
    {
        long before = 0;
        for (int group = 0; group < _reader.RowGroupCount; group++)
        {
            long rows = _reader.Metadata!.RowGroups[group].NumRows;
            if (ordinal < before + rows) return new RowPosition(group, ordinal - before);
            before += rows;
        }

        return new RowPosition(_reader.RowGroupCount, ordinal - before);
    }

    /// <summary>Positions at the row of <paramref name="ordinal"/>: whole row groups are skipped from the footer's counts.</summary>
    private void SkipTo(long ordinal)
    {
        var (group, row) = PositionOf(ordinal);
        bool pastTheEnd = group == _reader.RowGroupCount;
        _group = group - 1;   // the next group read is the row's
        _skipInNextGroup = pastTheEnd ? 0 : row;
        _ordinal = pastTheEnd ? ordinal - row : ordinal;
    }

    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_row < _rowsInGroup) return true;
        while (_group + 1 < _reader.RowGroupCount)
        {
            _group++;
            await ReadRowGroupAsync(cancellationToken).ConfigureAwait(false);
            (_row, _skipInNextGroup) = (_skipInNextGroup, 0);
            if (_row < _rowsInGroup) return true;
        }

        return false;
    }

    private async Task ReadRowGroupAsync(CancellationToken cancellationToken)
    {
        var metadata = _reader.Metadata!.RowGroups[_group];
        if (metadata.TotalByteSize > MaxRowGroupBytes || metadata.NumRows > int.MaxValue)
            throw new LogReadException(_sourceName, _ordinal + 1, _ordinal,
                $"row group {_group + 1} of {_reader.RowGroupCount} holds {metadata.TotalByteSize:N0} bytes uncompressed, more than the {MaxRowGroupBytes:N0} read at once");

        using var group = _reader.OpenRowGroupReader(_group);
        _columnWriters = [];   // the previous group's columns go now
        var columns = new Array[_fields.Length];
        try
        {
            for (int i = 0; i < _fields.Length; i++)
                columns[i] = await ReadColumnAsync(group, _fields[i], (int)group.RowCount, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not LogReadException)
        {
            throw new LogReadException(_sourceName, _ordinal + 1, _ordinal, $"row group {_group + 1} cannot be read: {e.Message}", e);
        }

        _columnWriters = [.. columns.Select(WriterOf)];
        _blockStart = -1;
        _blockCount = 0;
        _rowsInGroup = group.RowCount;
    }

    /// <summary>One column of the row group, into an array of its type (nullable where the column is optional).</summary>
    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            // Text as the library holds it (slices of its buffers, no string per value); null where the value is.
            var texts = new ReadOnlyMemory<char>?[rows];
            await group.ReadAsync<ReadOnlyMemory<char>>(field, texts.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return texts;
        }

        if (type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>))
        {
            var binaries = new byte[]?[rows];
            await group.ReadAsync(field, binaries.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return binaries;
        }

        return type switch
        {
            _ when type == typeof(long) => await Values<long>(),
            _ when type == typeof(int) => await Values<int>(),
            _ when type == typeof(double) => await Values<double>(),
            _ when type == typeof(float) => await Values<float>(),
            _ when type == typeof(bool) => await Values<bool>(),
            _ when type == typeof(DateTime) => await Values<DateTime>(),
            _ when type == typeof(DateTimeOffset) => await Values<DateTimeOffset>(),
            _ when type == typeof(decimal) => await Values<decimal>(),
            _ when type == typeof(short) => await Values<short>(),
            _ when type == typeof(sbyte) => await Values<sbyte>(),
            _ when type == typeof(byte) => await Values<byte>(),
            _ when type == typeof(ushort) => await Values<ushort>(),
            _ when type == typeof(uint) => await Values<uint>(),
            _ when type == typeof(ulong) => await Values<ulong>(),
            _ => throw new NotSupportedException($"column '{field.Name}' has type {type.Name}, which no ELB log field has"),
        };

        async Task<Array> Values<T>() where T : struct
        {
            if (field.IsNullable)
            {
                var nullable = new T?[rows];
                await group.ReadAsync<T>(field, nullable.AsMemory(), null, cancellationToken).ConfigureAwait(false);
                return nullable;
            }

            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return values;
        }
    }

    public bool TryReadLine(out ReadOnlySpan<byte> line, out LinePosition position)
    {
        if (_row >= _rowsInGroup)
        {
            line = default;
            position = default;
            return false;
        }

        if (_row >= _blockStart + _blockCount || _row < _blockStart) WriteBlock();
        position = Next;
        int inBlock = (int)(_row - _blockStart);
        line = _blockRows[inBlock].AsSpan(0, _blockLengths[inBlock]);
        _row++;
        _ordinal++;
        return true;
    }

    /// <summary>Rows rendered at a time: their records fit the cache while each column is walked in order.</summary>
    private const int BlockRows = 256;

    private readonly byte[][] _blockRows = [.. Enumerable.Range(0, BlockRows).Select(_ => new byte[1024])];
    private readonly int[] _blockLengths = new int[BlockRows];
    private long _blockStart = -1;
    private int _blockCount;

    /// <summary>
    /// Renders the next rows (<see cref="BlockRows"/> at most) as a plain delivery writes records: column by column, so
    /// each column's values (and the text they point to) are read in order; row by row they would be 34 scattered reads
    /// a row (measured: the loads of the values were most of the CPU of reading Parquet).
    /// </summary>
    private void WriteBlock()
    {
        _blockStart = _row;
        _blockCount = (int)Math.Min(BlockRows, _rowsInGroup - _row);
        Array.Clear(_blockLengths);
        for (int c = 0; c < _columnWriters.Length; c++)
        {
            var write = _columnWriters[c];
            for (int r = 0; r < _blockCount; r++)
            {
                (_line, _length) = (_blockRows[r], _blockLengths[r]);
                if (c > 0) Append(Delimiter);
                write((int)_blockStart + r);
                (_blockRows[r], _blockLengths[r]) = (_line, _length);
            }
        }
    }

    /// <summary>Writes a row's value of each column of the row group in hand: the column's type is looked at once per row group, not per value.</summary>
    private Action<int>[] _columnWriters = [];

    /// <summary>What writes one value of <paramref name="column"/> (a null as <c>-</c>), by the array type <see cref="ReadColumnAsync"/> made.</summary>
    private Action<int> WriterOf(Array column) => column switch
    {
        ReadOnlyMemory<char>?[] texts => row => WriteText(texts[row]),
        string?[] strings => row => WriteText(strings[row]),
        long?[] longs => row => WriteNumber(longs[row]),
        long[] longs => row => WriteNumber(longs[row]),
        int?[] ints => row => WriteNumber(ints[row]),
        int[] ints => row => WriteNumber(ints[row]),
        double?[] doubles => row => WriteDecimal(doubles[row]),
        double[] doubles => row => WriteDecimal(doubles[row]),
        float?[] floats => row => WriteDecimal(floats[row]),
        float[] floats => row => WriteDecimal(floats[row]),
        bool?[] booleans => row => WriteBoolean(booleans[row]),
        bool[] booleans => row => WriteBoolean(booleans[row]),
        DateTime?[] times => row => WriteTime(times[row]),
        DateTime[] times => row => WriteTime(times[row]),
        DateTimeOffset?[] times => row => WriteTime(times[row]?.UtcDateTime),
        byte[]?[] binaries => row => WriteText(binaries[row] is { } bytes ? Encoding.UTF8.GetString(bytes) : null),
        _ => row => WriteText(column.GetValue(row) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null),   // a type no ELB delivery is known to use: its invariant text
    };

    /// <summary>A string value.</summary>
    private void WriteText(ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length) * 2 + 2);
        int start = _length;
        int length = Encoding.UTF8.GetBytes(text, _line.AsSpan(start));
        var utf8 = _line.AsSpan(start, length);
        bool quote = length == 0 || (length == 1 && utf8[0] == (byte)'-') || utf8.IndexOfAny("\t\"\n\r"u8) >= 0;
        if (!quote)
        {
            _length += length;
            return;
        }

        // Quoted: moved one byte on, with \ and " escaped by a backslash (a quote inside is the rare case).
        var copy = utf8.ToArray();
        _line[_length++] = (byte)'"';
        foreach (byte b in copy)
        {
            if (b is (byte)'"' or (byte)'\\') _line[_length++] = (byte)'\\';
            _line[_length++] = b;
        }

        _line[_length++] = (byte)'"';
    }

    /// <summary>A text value as the library holds it; a null one as <c>-</c>.</summary>
    private void WriteText(ReadOnlyMemory<char>? text)
    {
        if (text is { } value) WriteText(value.Span);
        else Append("-"u8);
    }

    /// <summary>A string value; a null one as <c>-</c>.</summary>
    private void WriteText(string? text)
    {
        if (text is null) Append("-"u8);
        else WriteText(text.AsSpan());
    }

    private void WriteNumber(long? value)
    {
        if (value is not { } number)
        {
            Append("-"u8);
            return;
        }

        Reserve(24);
        number.TryFormat(_line.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>
    /// A floating-point timing as decimal text (<c>0.00001</c>, never <c>1E-05</c>, which no log line writes): the
    /// shortest text that reads back as the same double.
    /// </summary>
    private void WriteDecimal(double? value)
    {
        if (value is not { } number)
        {
            Append("-"u8);
            return;
        }

        Reserve(64);
        var destination = _line.AsSpan(_length);
        number.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        if (destination[..written].IndexOfAny("Ee"u8) >= 0 && double.IsFinite(number) && Math.Abs(number) < 1e28)
            ((decimal)number).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);   // not a number a log writes with an exponent
        _length += written;
    }

    private void WriteBoolean(bool? value) => Append(value switch { true => "true"u8, false => "false"u8, null => "-"u8 });

    /// <summary>A timestamp column, as ALB's legacy lines write times (microseconds, UTC).</summary>
    private void WriteTime(DateTime? value)
    {
        if (value is not { } time)
        {
            Append("-"u8);
            return;
        }

        Reserve(32);
        (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time)
            .TryFormat(_line.AsSpan(_length), out int written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_line.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _line.Length) Array.Resize(ref _line, Math.Max(_line.Length * 2, _length + bytes));
    }

    public void Dispose()
    {
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();   // it only releases memory
        _stream.Dispose();
    }
}
