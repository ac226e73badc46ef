using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ElbLogProcessor.LogKinds;
using Parquet;
using Parquet.Schema;

namespace ElbLogProcessor.Reading;

/// <summary>
/// Reads a CloudWatch-vended delivery in Parquet (docs/log-formats.md), one row group at a time: the footer first,
/// then each row group's column chunks, by ranges, so memory holds one row group, never the object. Each row is handed
/// out as the JSON object a JSON-lines delivery writes for the same record (its columns by name, values as they are
/// typed), so the parser reads it as it reads those, and the same record gives the same event.
/// </summary>
/// <remarks>
/// A row's position is its ordinal in the object (rows of earlier row groups counted from the footer, unread): its
/// line number is the ordinal plus one and its offset the ordinal, which makes event ids deterministic and lets a
/// hand-over resume at (row group, row) without reading the rows before it.
/// </remarks>
internal sealed class ParquetRecordReader : IRecordReader
{
    /// <summary>The largest row group read (uncompressed, as its footer states): memory is bounded by about three times it.</summary>
    public const long MaxRowGroupBytes = 128L * 1024 * 1024;

    private readonly ParquetReader _reader;
    private readonly SeekableObjectStream _stream;
    private readonly string _sourceName;
    private readonly DataField[] _fields;
    private readonly JsonEncodedText[] _names;
    private readonly ArrayBufferWriter<byte> _line = new(4096);   // the row in hand, as a JSON object
    private Utf8JsonWriter? _json;
    private Array[] _columns = [];
    private int _group = -1;       // the row group in hand
    private long _rowsInGroup;
    private long _row;             // the next row of it
    private long _ordinal;         // the next row's ordinal in the object

    private ParquetRecordReader(ParquetReader reader, SeekableObjectStream stream, string sourceName, LogKind kind, DataField[] fields)
    {
        _reader = reader;
        _stream = stream;
        _sourceName = sourceName;
        Kind = kind;
        _fields = fields;
        _names = [.. fields.Select(f => JsonEncodedText.Encode(f.Name))];
    }

    /// <summary>The log type of the rows, from the column names.</summary>
    public LogKind Kind { get; }

    public LinePosition Next => new(_ordinal + 1, _ordinal);

    /// <summary>Bytes fetched from the object so far.</summary>
    public long BytesRead => _stream.BytesFetched;

    /// <summary>
    /// Reads the footer of <paramref name="stream"/> and positions at the row of ordinal <paramref name="firstRow"/>
    /// (0 for the first); disposes the stream unless it returns a reader.
    /// </summary>
    /// <returns>The reader; or, when the file's columns are no ELB log type's, null and what it has.</returns>
    /// <exception cref="LogReadException">Not a Parquet file it can read (truncated, corrupt).</exception>
    public static async Task<(ParquetRecordReader? Reader, string? Foreign)> OpenAsync(SeekableObjectStream stream, string sourceName, long firstRow,
        CancellationToken cancellationToken)
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
        records.SkipTo(firstRow);
        return (records, null);
    }

    /// <summary>Positions at the row of <paramref name="ordinal"/>: whole row groups are skipped from the footer's counts.</summary>
    private void SkipTo(long ordinal)
    {
        long before = 0;
        for (int group = 0; group < _reader.RowGroupCount; group++)
        {
            long rows = _reader.Metadata!.RowGroups[group].NumRows;
            if (ordinal < before + rows)
            {
                _group = group - 1;   // read from this group on; its first rows are skipped once it is read
                _row = ordinal - before;
                _ordinal = ordinal;
                return;
            }

            before += rows;
        }

        _group = _reader.RowGroupCount - 1;
        _ordinal = before;
        _row = _rowsInGroup = 0;
    }

    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_row < _rowsInGroup) return true;
        while (_group + 1 < _reader.RowGroupCount)
        {
            long skip = _group < 0 || _row > _rowsInGroup ? _row : 0;   // a resume inside the next group
            _group++;
            await ReadRowGroupAsync(cancellationToken).ConfigureAwait(false);
            _row = skip;
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
        _columns = [];   // the previous group's columns go now
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

        _columns = columns;
        _rowsInGroup = group.RowCount;
    }

    /// <summary>One column of the row group, into an array of its type (nullable where the column is optional).</summary>
    private static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))   // UTF-8 text (the library's own type for it is memory)
        {
            var strings = new string?[rows];
            await group.ReadAsync(field, strings.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            return strings;
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

        position = Next;
        WriteRow((int)_row);
        _row++;
        _ordinal++;
        line = _line.WrittenSpan;
        return true;
    }

    /// <summary>The row as one JSON object: each column by its name, a null as null, each value as its column types it.</summary>
    private void WriteRow(int row)
    {
        _line.ResetWrittenCount();
        if (_json is null) _json = new Utf8JsonWriter(_line, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        else _json.Reset(_line);

        _json.WriteStartObject();
        for (int c = 0; c < _columns.Length; c++)
        {
            _json.WritePropertyName(_names[c]);
            WriteValue(_json, _columns[c], row);
        }

        _json.WriteEndObject();
        _json.Flush();
    }

    /// <summary>One value, without boxing for the types Parquet writers use.</summary>
    private static void WriteValue(Utf8JsonWriter json, Array column, int row)
    {
        switch (column)
        {
            case string?[] strings:
                if (strings[row] is { } text) json.WriteStringValue(text);
                else json.WriteNullValue();
                break;
            case long?[] longs:
                if (longs[row] is { } l) json.WriteNumberValue(l);
                else json.WriteNullValue();
                break;
            case long[] longs:
                json.WriteNumberValue(longs[row]);
                break;
            case int?[] ints:
                if (ints[row] is { } i) json.WriteNumberValue(i);
                else json.WriteNullValue();
                break;
            case int[] ints:
                json.WriteNumberValue(ints[row]);
                break;
            case double?[] doubles:
                if (doubles[row] is { } d) WriteDecimal(json, d);
                else json.WriteNullValue();
                break;
            case double[] doubles:
                WriteDecimal(json, doubles[row]);
                break;
            case float?[] floats:
                if (floats[row] is { } f) WriteDecimal(json, f);
                else json.WriteNullValue();
                break;
            case float[] floats:
                WriteDecimal(json, floats[row]);
                break;
            case bool?[] booleans:
                if (booleans[row] is { } b) json.WriteBooleanValue(b);
                else json.WriteNullValue();
                break;
            case bool[] booleans:
                json.WriteBooleanValue(booleans[row]);
                break;
            case DateTime?[] times:
                if (times[row] is { } t) WriteTime(json, t);
                else json.WriteNullValue();
                break;
            case DateTime[] times:
                WriteTime(json, times[row]);
                break;
            case DateTimeOffset?[] times:
                if (times[row] is { } o) WriteTime(json, o.UtcDateTime);
                else json.WriteNullValue();
                break;
            case byte[]?[] binaries:
                if (binaries[row] is { } bytes) json.WriteStringValue(System.Text.Encoding.UTF8.GetString(bytes));
                else json.WriteNullValue();
                break;
            default:   // a type no ELB delivery is known to use: its invariant text
                if (column.GetValue(row) is { } value) json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                else json.WriteNullValue();
                break;
        }
    }

    /// <summary>
    /// A floating-point timing as decimal text (<c>0.00001</c>, never <c>1E-05</c>, which no log line writes): the
    /// shortest text that reads back as the same double.
    /// </summary>
    private static void WriteDecimal(Utf8JsonWriter json, double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 1e28)
        {
            json.WriteStringValue(value.ToString("R", CultureInfo.InvariantCulture));   // not a number a log holds: kept as text, checked as one
            return;
        }

        json.WriteNumberValue(decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>A timestamp column, as ALB's legacy lines write times (microseconds, UTC).</summary>
    private static void WriteTime(Utf8JsonWriter json, DateTime time)
    {
        Span<char> text = stackalloc char[32];
        (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).TryFormat(text, out int written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        json.WriteStringValue(text[..written]);
    }

    public void Dispose()
    {
        _json?.Dispose();
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();   // it only releases memory
        _stream.Dispose();
    }
}
