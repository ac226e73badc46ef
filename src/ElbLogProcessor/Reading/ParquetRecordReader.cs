using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
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
        _columnTypes = [.. columns.Select(ColumnTypeOf)];
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
            await group.ReadAsync<ReadOnlyMemory<char>>(field, texts.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
            return texts;
        }

        if (type == typeof(byte[]) || type == typeof(ReadOnlyMemory<byte>))
        {
            var binaries = new byte[]?[rows];
            await group.ReadAsync(field, binaries.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
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
                await group.ReadAsync<T>(field, nullable.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
                return nullable;
            }

            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory(0, rows), null, cancellationToken).ConfigureAwait(false);
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
            WriteValue(_json, _columns[c], _columnTypes[c], row);
        }

        _json.WriteEndObject();
        _json.Flush();
    }

    /// <summary>The array type of each column of the row group in hand, found once per row group (a type test per value costs more than the value).</summary>
    private int[] _columnTypes = [];

    /// <summary>The array types <see cref="ReadColumnAsync"/> makes, in the order <see cref="WriteValue"/> switches on them.</summary>
    private static readonly Type[] ColumnTypes =
    [
        typeof(ReadOnlyMemory<char>?[]),
        typeof(string?[]),
        typeof(long?[]),
        typeof(long[]),
        typeof(int?[]),
        typeof(int[]),
        typeof(double?[]),
        typeof(double[]),
        typeof(float?[]),
        typeof(float[]),
        typeof(bool?[]),
        typeof(bool[]),
        typeof(DateTime?[]),
        typeof(DateTime[]),
        typeof(DateTimeOffset?[]),
        typeof(byte[]?[]),
    ];

    private static int ColumnTypeOf(Array column)
    {
        int index = Array.IndexOf(ColumnTypes, column.GetType());
        return index < 0 ? ColumnTypes.Length : index;   // any other: its invariant text
    }

    /// <summary>One value, without boxing for the types Parquet writers use.</summary>
    private static void WriteValue(Utf8JsonWriter json, Array column, int type, int row)
    {
        switch (type)
        {
            case 0:
                {
                    var texts = Unsafe.As<ReadOnlyMemory<char>?[]>(column);
                    if (texts[row] is { } text) WriteText(json, text.Span);
                    else json.WriteNullValue();
                    break;
                }
            case 1:
                {
                    var strings = Unsafe.As<string?[]>(column);
                    if (strings[row] is { } str) WriteText(json, str);
                    else json.WriteNullValue();
                    break;
                }
            case 2:
                {
                    var longs = Unsafe.As<long?[]>(column);
                    if (longs[row] is { } l) json.WriteNumberValue(l);
                    else json.WriteNullValue();
                    break;
                }
            case 3:
                {
                    var longs = Unsafe.As<long[]>(column);
                    json.WriteNumberValue(longs[row]);
                    break;
                }
            case 4:
                {
                    var ints = Unsafe.As<int?[]>(column);
                    if (ints[row] is { } i) json.WriteNumberValue(i);
                    else json.WriteNullValue();
                    break;
                }
            case 5:
                {
                    var ints = Unsafe.As<int[]>(column);
                    json.WriteNumberValue(ints[row]);
                    break;
                }
            case 6:
                {
                    var doubles = Unsafe.As<double?[]>(column);
                    if (doubles[row] is { } d) WriteDecimal(json, d);
                    else json.WriteNullValue();
                    break;
                }
            case 7:
                {
                    var doubles = Unsafe.As<double[]>(column);
                    WriteDecimal(json, doubles[row]);
                    break;
                }
            case 8:
                {
                    var floats = Unsafe.As<float?[]>(column);
                    if (floats[row] is { } f) WriteDecimal(json, f);
                    else json.WriteNullValue();
                    break;
                }
            case 9:
                {
                    var floats = Unsafe.As<float[]>(column);
                    WriteDecimal(json, floats[row]);
                    break;
                }
            case 10:
                {
                    var booleans = Unsafe.As<bool?[]>(column);
                    if (booleans[row] is { } b) json.WriteBooleanValue(b);
                    else json.WriteNullValue();
                    break;
                }
            case 11:
                {
                    var booleans = Unsafe.As<bool[]>(column);
                    json.WriteBooleanValue(booleans[row]);
                    break;
                }
            case 12:
                {
                    var times = Unsafe.As<DateTime?[]>(column);
                    if (times[row] is { } t) WriteTime(json, t);
                    else json.WriteNullValue();
                    break;
                }
            case 13:
                {
                    var times = Unsafe.As<DateTime[]>(column);
                    WriteTime(json, times[row]);
                    break;
                }
            case 14:
                {
                    var times = Unsafe.As<DateTimeOffset?[]>(column);
                    if (times[row] is { } o) WriteTime(json, o.UtcDateTime);
                    else json.WriteNullValue();
                    break;
                }
            case 15:
                {
                    var binaries = Unsafe.As<byte[]?[]>(column);
                    if (binaries[row] is { } bytes) json.WriteStringValue(System.Text.Encoding.UTF8.GetString(bytes));
                    else json.WriteNullValue();
                    break;
                }
            default:   // a type no ELB delivery is known to use: its invariant text
                if (column.GetValue(row) is { } value) json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                else json.WriteNullValue();
                break;
        }
    }

    [ThreadStatic] private static byte[]? t_text;

    /// <summary>
    /// A string value as JSON: UTF-8, quoted, with only what JSON requires escaped (<c>"</c>, <c>\</c>, control
    /// characters). Most values need none, and are checked with plain compares (the writer's own escaping check
    /// searches a set of bytes, which costs more per value than this whole value on x64 NativeAOT).
    /// </summary>
    private static void WriteText(Utf8JsonWriter json, ReadOnlySpan<char> text)
    {
        int most = Encoding.UTF8.GetMaxByteCount(text.Length) * 6 + 2;   // every byte escaped as \u00XX at worst
        var buffer = t_text is { } b && b.Length >= most ? b : t_text = new byte[Math.Max(most, 4096)];
        int half = buffer.Length / 2;
        int length = Encoding.UTF8.GetBytes(text, buffer.AsSpan(half));
        var utf8 = buffer.AsSpan(half, length);
        var output = buffer.AsSpan(0, half);
        int at = 0;
        output[at++] = (byte)'"';
        if (utf8.IndexOfAny((byte)'"', (byte)'\\') < 0 && utf8.IndexOfAnyInRange((byte)0, (byte)0x1F) < 0)
        {
            utf8.CopyTo(output[at..]);
            at += utf8.Length;
        }
        else
        {
            foreach (byte c in utf8)
            {
                if (c is (byte)'"' or (byte)'\\')
                {
                    output[at++] = (byte)'\\';
                    output[at++] = c;
                }
                else if (c < 0x20)
                {
                    "\\u00"u8.CopyTo(output[at..]);
                    at += 4;
                    output[at++] = (byte)"0123456789abcdef"[c >> 4];
                    output[at++] = (byte)"0123456789abcdef"[c & 0xF];
                }
                else
                {
                    output[at++] = c;
                }
            }
        }

        output[at++] = (byte)'"';
        json.WriteRawValue(output[..at], skipInputValidation: true);
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
