using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text.Unicode;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// Reads one log line: repairs invalid UTF-8, detects its kind (per line), splits its fields
/// with the quote-aware <see cref="FieldTokenizer"/> and checks them against the kind's
/// declaration: enough fields, and numbers where numbers belong. No heap allocation per line once
/// the scratch buffers have grown to the longest line, except the reason of a failed line.
/// </summary>
/// <remarks>Not thread-safe: one instance per reading loop.</remarks>
internal sealed class LineParser
{
    /// <summary>Scratch memory above this is let go after the line that needed it.</summary>
    private const int RetainedScratch = 1024 * 1024;

    private readonly FieldTokenizer _tokenizer = new();
    private readonly VendedRecord _record = new();
    private byte[] _sanitized = [];     // the line with invalid UTF-8 replaced by U+FFFD
    private byte[] _unescaped = [];     // one quoted field with \" and \\ resolved
    private readonly byte[] _numbers = new byte[LogKind.MaxFields * DecimalText.MaxScaledLength];   // per number field: its JSON text
    private readonly int[] _numberLengths = new int[LogKind.MaxFields];

    /// <param name="line">One line, without its line end.</param>
    /// <param name="named">The kind the object's name announces (see <see cref="LogKindDetector.Detect"/>).</param>
    public ParsedLine Parse(ReadOnlySpan<byte> line, LogKind? named = null) => Parse(line, RecordLayout.Legacy, named);

    /// <param name="line">One line, without its line end.</param>
    /// <param name="layout">How the object's lines are laid out: legacy lines, or records of a vended delivery.</param>
    /// <param name="named">The kind the object's name announces (see <see cref="LogKindDetector.Detect"/>).</param>
    public ParsedLine Parse(ReadOnlySpan<byte> line, RecordLayout layout, LogKind? named)
    {
        ReleaseOversizedScratch();
        if (line.IndexOfAnyExcept(" \t\r\f\v"u8) < 0) return default;
        if (!Utf8.IsValid(line)) line = Sanitize(line);
        if (layout.Format != RecordFormat.Legacy) return ParseVended(line, layout);

        var kind = LogKindDetector.Detect(line, named);
        if (kind is null) return new ParsedLine(this, line, line, null, default, "the line starts no known access-log format");

        _tokenizer.Tokenize(line, kind.QuoteAware);
        return Check(line, line, kind, _tokenizer.Fields, _tokenizer.ValuesNeedEscaping);
    }

    private ParsedLine ParseVended(ReadOnlySpan<byte> line, RecordLayout layout)
    {
        var kind = layout.Kind!;
        if (layout.HasDirectives && line.TrimStart(" \t"u8)[0] == (byte)'#') return default;   // #Version:, #Fields:: no record
        bool read = layout.Format == RecordFormat.JsonLines
            ? _record.TryReadJson(line, kind, out string? failure)
            : _record.TryReadDelimited(line, layout, out failure);
        return read
            ? Check(line, _record.Values, kind, _record.Fields, _record.ValuesNeedEscaping)
            : new ParsedLine(this, line, line, kind, default, failure);
    }

    /// <summary>The checks every record of a kind passes, however it was written: enough fields, and numbers where numbers belong.</summary>
    private ParsedLine Check(ReadOnlySpan<byte> line, ReadOnlySpan<byte> values, LogKind kind, ReadOnlySpan<Field> fields, bool valuesNeedEscaping)
    {
        if (fields.Length < kind.MinimumFields)
            return new ParsedLine(this, line, line, kind, default, $"{fields.Length} fields, a {kind.Name} line has at least {kind.MinimumFields}");

        var kinds = kind.ValueKinds;
        foreach (int i in kind.NumberFields)
        {
            if (i >= fields.Length) break;
            var text = values.Slice(fields[i].Start, fields[i].Length);
            if (IsAbsent(text)) continue;
            if (!TryNumberText(kinds[i], text, _numbers.AsSpan(i * DecimalText.MaxScaledLength, DecimalText.MaxScaledLength), out _numberLengths[i]))
                return new ParsedLine(this, line, line, kind, default, $"field {i + 1} ({NameOf(kind.Fields, i)}) is not a number");
        }

        return new ParsedLine(this, line, values, kind, fields, null, valuesNeedEscaping);
    }

    /// <summary>
    /// Checks a number field and writes it as the event carries it, in the same pass: an integer
    /// in its shortest form, a timing in milliseconds (exactly, <see cref="DecimalText.TryScale"/>).
    /// </summary>
    private static bool TryNumberText(ValueKind kind, ReadOnlySpan<byte> text, Span<byte> destination, out int written)
    {
        switch (kind)
        {
            case ValueKind.Seconds:
                return DecimalText.TryScale(text, 3, destination, out written);
            case ValueKind.Milliseconds:
                return DecimalText.TryScale(text, 0, destination, out written);
            default:   // an integer or a port
                if (DecimalText.IsPlainInteger(text))
                {
                    text.CopyTo(destination);   // the common case: already its own JSON number
                    written = text.Length;
                    return true;
                }

                written = 0;   // e.g. a leading zero or a plus sign: parsed and formatted
                return Utf8Parser.TryParse(text, out long value, out int used) && used == text.Length &&
                       Utf8Formatter.TryFormat(value, destination, out written);
        }
    }

    /// <summary>A field's name for messages (its <c>elb</c> schema name): a port is named after the address it belongs to.</summary>
    private static string NameOf(LogField[] declared, int index) =>
        declared[index].Elb ?? $"{declared[index - 1].Elb} port";

    /// <summary><c>-</c> (and an empty field) is "no value".</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAbsent(ReadOnlySpan<byte> text) => text.IsEmpty || (text.Length == 1 && text[0] == (byte)'-');

    /// <summary>The number field at <paramref name="index"/> as JSON number text, as the last <c>Parse</c> wrote it.</summary>
    internal ReadOnlySpan<byte> Number(int index) =>
        _numbers.AsSpan(index * DecimalText.MaxScaledLength, _numberLengths[index]);

    /// <summary>Resolves <c>\"</c> and <c>\\</c> inside a quoted field; other backslashes stay.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]   // most fields have no escapes: no call for them
    internal ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> text, Field field) => field.HasEscapes ? ResolveEscapes(text) : text;

    private ReadOnlySpan<byte> ResolveEscapes(ReadOnlySpan<byte> text)
    {
        if (_unescaped.Length < text.Length) _unescaped = new byte[Math.Max(text.Length, 256)];
        int written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            byte b = text[i];
            if (b == (byte)'\\' && i + 1 < text.Length && text[i + 1] is (byte)'"' or (byte)'\\') b = text[++i];
            _unescaped[written++] = b;
        }

        return _unescaped.AsSpan(0, written);
    }

    /// <summary>Replaces each invalid UTF-8 sequence with U+FFFD (rare path: buffers are reused).</summary>
    private ReadOnlySpan<byte> Sanitize(ReadOnlySpan<byte> line)
    {
        // Worst case every byte is invalid and becomes the 3-byte U+FFFD.
        int capacity = checked(line.Length * 3);
        if (_sanitized.Length < capacity) _sanitized = new byte[capacity];
        char[] chars = ArrayPool<char>.Shared.Rent(line.Length);
        try
        {
            Utf8.ToUtf16(line, chars, out _, out int charCount, replaceInvalidSequences: true);
            Utf8.FromUtf16(chars.AsSpan(0, charCount), _sanitized, out _, out int byteCount);
            return _sanitized.AsSpan(0, byteCount);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Keeps scratch memory following typical lines, not the one huge line seen once.</summary>
    private void ReleaseOversizedScratch()
    {
        if (_sanitized.Length > RetainedScratch) _sanitized = [];
        if (_unescaped.Length > RetainedScratch) _unescaped = [];
    }
}
