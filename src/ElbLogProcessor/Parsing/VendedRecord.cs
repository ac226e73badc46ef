using System.Text.Json;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// Reads one record of a CloudWatch-vended delivery (a JSON line, or a delimited <c>plain</c>/<c>w3c</c> line) into the
/// positions its log kind declares for the legacy line: its values are copied into one buffer (quotes and escapes
/// resolved) and each lands at its declared field, by name, so the checks and both event writers read it as they read
/// a legacy line, and the same record gives the same event. A value that is null, <c>-</c> or an empty unquoted
/// value is absent; a name the kind does not declare is kept, after the declared fields, as <c>name=value</c>.
/// No heap allocation per record once the buffers have grown, except when the names of the records change.
/// </summary>
/// <remarks>Not thread-safe: one instance per <see cref="LineParser"/>.</remarks>
internal sealed class VendedRecord
{
    private const int RetainedScratch = 1024 * 1024;

    private static readonly Field Absent = new(0, 1, false, false);   // the "-" at the start of the buffer

    private byte[] _values = new byte[4096];
    private int _length;
    private Field[] _fields = new Field[LogKind.MaxFields + 8];
    private int _declared;        // the kind's field count: extras go after
    private int _highest;         // the highest declared position set
    private int _extraCount;

    // The names of the last JSON record, by member position, and the field each is: most objects name their
    // members alike on every line, so a name is looked up only when it differs from the line before.
    private LogKind? _cachedKind;
    private readonly (byte[] Name, int Index)[] _names = new (byte[], int)[LogKind.MaxFields + 8];
    private byte[] _name = new byte[256];   // a member name with JSON escapes resolved

    /// <summary>The values of the last record read; the fields index into them.</summary>
    public ReadOnlySpan<byte> Values => _values.AsSpan(0, _length);

    /// <summary>The last record's fields at their declared positions, then its extra fields.</summary>
    public ReadOnlySpan<Field> Fields => _fields.AsSpan(0, _extraCount > 0 ? _declared + _extraCount : _highest + 1);

    /// <summary>As <see cref="FieldTokenizer.ValuesNeedEscaping"/>: false when no value holds a byte JSON escaping changes.</summary>
    public bool ValuesNeedEscaping => Values.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0 || Values.IndexOfAny((byte)'"', (byte)'\\') >= 0;   // plain compares: no shuffle

    /// <summary>Reads a JSON line: one object whose members are the record's fields.</summary>
    /// <returns>False, with why, when the line is not one JSON object.</returns>
    public bool TryReadJson(ReadOnlySpan<byte> line, LogKind kind, out string? failure)
    {
        Start(kind, line.Length * 2);
        if (!ReferenceEquals(_cachedKind, kind))
        {
            Array.Clear(_names);
            _cachedKind = kind;
        }

        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                failure = "the line is not a JSON object";
                return false;
            }

            int member = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueIsEscaped ? UnescapedName(ref reader) : reader.ValueSpan;
                int index = IndexOf(kind, name, member++);
                reader.Read();
                int start = _length;
                bool quoted = false;
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        Place(index, name, Absent, isAbsent: true);
                        continue;
                    case JsonTokenType.String:
                        quoted = true;
                        Reserve(reader.ValueSpan.Length);
                        _length += reader.ValueIsEscaped ? reader.CopyString(_values.AsSpan(_length)) : Copy(reader.ValueSpan);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        int from = (int)reader.TokenStartIndex;
                        reader.Skip();
                        Append(line[from..(int)reader.BytesConsumed]);   // kept as its JSON text
                        break;
                    default:   // a number, true or false: its JSON text
                        Append(reader.ValueSpan);
                        break;
                }

                var field = new Field(start, _length - start, quoted, false);
                Place(index, name, field, isAbsent: !quoted && IsDash(field));
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                throw new JsonException("more follows the object");
        }
        catch (JsonException e)
        {
            failure = $"the line is not one JSON object ({e.Message.Split(" LineNumber")[0].TrimEnd('.', ' ')})";
            return false;
        }

        failure = null;
        return true;
    }

    /// <summary>Reads a delimited line: values in <paramref name="layout"/>'s column order, quoted where they are written in <c>"</c>.</summary>
    /// <returns>False, with why, when a W3C line has more or fewer values than its header names, or a quote is not closed.</returns>
    public bool TryReadDelimited(ReadOnlySpan<byte> line, RecordLayout layout, out string? failure)
    {
        Start(layout.Kind!, line.Length);
        var delimiter = layout.Delimiter;
        var rest = line;
        int column = 0;
        while (true)
        {
            var cut = CutValue(ref rest, delimiter, out var value, out bool quoted);
            if (cut == Cut.UnclosedQuote)
            {
                failure = $"value {column + 1} opens a quote that is not closed";
                return false;
            }

            if (cut == Cut.MoreAfterQuote)
            {
                failure = $"value {column + 1} has more after its closing quote than {RecordLayout.DelimiterName(delimiter)}";
                return false;
            }

            int start = _length;
            if (quoted) AppendUnescaped(value);
            else Append(value);
            var field = new Field(start, _length - start, quoted, false);
            int index = column < layout.Columns.Length ? layout.Columns[column] : -1;
            var name = column < layout.ColumnNamesUtf8.Length ? layout.ColumnNamesUtf8[column] : default;
            Place(index, name, field, isAbsent: !quoted && (field.Length == 0 || IsDash(field)));
            column++;
            if (cut == Cut.Last) break;
        }

        if (layout.HasDirectives && column != layout.Columns.Length)
        {
            failure = $"{column} values, where the #Fields header names {layout.Columns.Length}";
            return false;
        }

        failure = null;
        return true;
    }

    private void Start(LogKind kind, int expectedBytes)
    {
        if (_values.Length > RetainedScratch && expectedBytes < RetainedScratch) _values = new byte[4096];
        _length = 0;
        Append("-"u8);
        Reserve(expectedBytes);
        _declared = kind.Fields.Length;
        if (_fields.Length < _declared) _fields = new Field[_declared + 8];
        _fields.AsSpan(0, _declared).Fill(Absent);
        _highest = -1;
        _extraCount = 0;
    }

    /// <summary>Puts a value at its declared position, or keeps it as an extra field (<c>name=value</c>, or the value when unnamed).</summary>
    private void Place(int index, ReadOnlySpan<byte> name, Field field, bool isAbsent)
    {
        if (index >= 0)
        {
            _fields[index] = isAbsent ? Absent : field;
            if (index > _highest) _highest = index;
            return;
        }

        if (isAbsent) return;   // an unknown field without a value says nothing
        if (!name.IsEmpty)
        {
            // name=value, written after the value (the value's bytes are moved once; extras are rare).
            var value = _values.AsSpan(field.Start, field.Length).ToArray();
            _length = field.Start;
            Append(name);
            Append("="u8);
            Append(value);
            field = new Field(field.Start, _length - field.Start, field.Quoted, false);
        }

        if (_fields.Length == _declared + _extraCount) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[_declared + _extraCount++] = field;
    }

    private int IndexOf(LogKind kind, ReadOnlySpan<byte> name, int member)
    {
        if (member < _names.Length && _names[member].Name is { } cached && name.SequenceEqual(cached)) return _names[member].Index;
        int index = kind.IndexOfNamed(name);
        if (member < _names.Length) _names[member] = (name.ToArray(), index);
        return index;
    }

    private ReadOnlySpan<byte> UnescapedName(ref Utf8JsonReader reader)
    {
        if (_name.Length < reader.ValueSpan.Length) _name = new byte[reader.ValueSpan.Length];
        return _name.AsSpan(0, reader.CopyString(_name));
    }

    /// <summary>What <see cref="CutValue"/> found.</summary>
    internal enum Cut
    {
        /// <summary>A value, and the delimiter after it: more follow.</summary>
        Value,

        /// <summary>The line's last value.</summary>
        Last,

        /// <summary>A value opens a quote that is not closed.</summary>
        UnclosedQuote,

        /// <summary>A closing quote is followed by more than the delimiter.</summary>
        MoreAfterQuote,
    }

    /// <summary>
    /// Cuts the next value of a delimited line (a <c>plain</c> or <c>w3c</c> delivery's) off <paramref name="rest"/>: a
    /// value that starts with <c>"</c> runs to its closing quote (inside, <c>\"</c>, <c>\\</c> and <c>""</c> are escapes)
    /// and must be followed by the delimiter or the end; any other runs to the next delimiter. The one reading of the
    /// quoting rules, for the records and for <see cref="ContentCheck"/>'s count of values.
    /// </summary>
    /// <param name="rest">The line from the value on; the rest after its delimiter once cut.</param>
    /// <param name="delimiter">What separates values.</param>
    /// <param name="value">The value as written, without its quotes (escapes not resolved: <see cref="AppendUnescaped"/>).</param>
    /// <param name="quoted">It was written in quotes.</param>
    internal static Cut CutValue(scoped ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> delimiter, out ReadOnlySpan<byte> value, out bool quoted)
    {
        quoted = rest.Length > 0 && rest[0] == (byte)'"';
        if (!quoted)
        {
            int end = rest.IndexOf(delimiter);
            value = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + delimiter.Length)..];
            return end < 0 ? Cut.Last : Cut.Value;
        }

        int i = 1;
        while (i < rest.Length)
        {
            if (rest[i] == (byte)'\\' && i + 1 < rest.Length && rest[i + 1] is (byte)'"' or (byte)'\\') i += 2;
            else if (rest[i] == (byte)'"' && i + 1 < rest.Length && rest[i + 1] == (byte)'"') i += 2;
            else if (rest[i] == (byte)'"') break;
            else i++;
        }

        value = i < rest.Length ? rest[1..i] : default;
        if (i >= rest.Length) return Cut.UnclosedQuote;
        var after = rest[(i + 1)..];
        if (!after.IsEmpty && !after.StartsWith(delimiter)) return Cut.MoreAfterQuote;
        rest = after.IsEmpty ? default : after[delimiter.Length..];
        return after.IsEmpty ? Cut.Last : Cut.Value;
    }

    /// <summary>Appends a quoted value's text (<see cref="CutValue"/>) with <c>\"</c>, <c>\\</c> and <c>""</c> resolved.</summary>
    private void AppendUnescaped(ReadOnlySpan<byte> quoted)
    {
        Reserve(quoted.Length);
        for (int i = 0; i < quoted.Length; i++)
        {
            byte b = quoted[i];
            if ((b == (byte)'\\' && i + 1 < quoted.Length && quoted[i + 1] is (byte)'"' or (byte)'\\') || b == (byte)'"') b = quoted[++i];
            _values[_length++] = b;
        }
    }

    private bool IsDash(Field field) => field.Length == 1 && _values[field.Start] == (byte)'-';

    private int Copy(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_values.AsSpan(_length));
        return bytes.Length;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        _length += Copy(bytes);
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes <= _values.Length) return;
        Array.Resize(ref _values, Math.Max(_values.Length * 2, _length + bytes));
    }
}
