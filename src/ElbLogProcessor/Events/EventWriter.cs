using System.Buffers;
using System.Buffers.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Events;

/// <summary>What became of one line.</summary>
public enum LineOutcome
{
    /// <summary>Empty or only white space: skipped, no event.</summary>
    Blank,
    Classic,
    Application,
    Network,
    /// <summary>Sent as a parse-failure event (<c>message</c> + <c>tags</c>).</summary>
    Malformed,
}

/// <summary>
/// Turns one access-log line into one JSON event (docs/event-schema.md), written straight
/// into the caller's buffer with a <see cref="JsonObjectWriter"/>: no per-line heap
/// allocation once the scratch buffers have grown to the longest line.
/// </summary>
/// <remarks>Not thread-safe: one instance per reading loop.</remarks>
public sealed class EventWriter
{
    /// <summary>
    /// Events go to Logstash, not into HTML: keep non-ASCII as UTF-8 and do not escape
    /// <c>&lt; &gt; &amp; '</c>. JSON's own escapes (quotes, backslash, controls) still apply.
    /// </summary>
    public static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly EventEnvelope _envelope;
    private readonly FieldTokenizer _tokenizer = new();
    private byte[] _sanitized = [];     // the line with invalid UTF-8 replaced by U+FFFD
    private byte[] _unescaped = [];     // one quoted field with \" and \\ resolved
    private LogSource? _templatesSource;
    private readonly EnvelopeTemplate?[] _templates = new EnvelopeTemplate?[4];   // by LoadBalancerType

    public EventWriter(EventEnvelope envelope) => _envelope = envelope;

    /// <summary>Why the last malformed line could not be parsed (for the summary).</summary>
    public string? LastFailureReason { get; private set; }

    /// <summary>Writes the event for <paramref name="line"/> into <paramref name="output"/>, if it is not blank.</summary>
    public LineOutcome Write(ReadOnlySpan<byte> line, LinePosition position, LogSource source, IBufferWriter<byte> output)
    {
        if (line.IndexOfAnyExcept(" \t\r\f\v"u8) < 0) return LineOutcome.Blank;
        if (!Utf8.IsValid(line)) line = Sanitize(line);

        var type = FormatDetector.Detect(line);
        var schema = EventSchema.For(type);
        string? failure = schema is null ? "the line starts no known access-log format" : Check(line, schema);

        var w = new JsonObjectWriter(output, JsonEncoder);
        WriteEnvelope(ref w, schema, position, source);
        if (failure is null) WriteFields(ref w, line, schema!);
        else WriteParseFailure(ref w, line);
        w.WriteEndObject();
        w.Complete();
        ReleaseOversizedScratch();

        if (failure is not null)
        {
            LastFailureReason = $"{source.DisplayName} line {position.LineNumber}: {failure}";
            return LineOutcome.Malformed;
        }

        return type switch
        {
            LoadBalancerType.Classic => LineOutcome.Classic,
            LoadBalancerType.Application => LineOutcome.Application,
            _ => LineOutcome.Network,
        };
    }

    /// <summary>Tokenizes and checks that numeric fields are numbers; returns the reason when not.</summary>
    private string? Check(ReadOnlySpan<byte> line, FormatSchema schema)
    {
        int count = _tokenizer.Tokenize(line, schema.QuoteAware);
        if (count < schema.MinimumFields)
            return $"{count} fields, a {schema.TypeName} line has at least {schema.MinimumFields}";

        var fields = _tokenizer.Fields;
        var specs = schema.Fields;
        for (int i = 0; i < specs.Length && i < fields.Length; i++)
        {
            var kind = specs[i].Kind;
            if (kind is FieldKind.Text or FieldKind.Request) continue;
            var text = line.Slice(fields[i].Start, fields[i].Length);
            if (IsAbsent(text)) continue;
            bool valid = kind == FieldKind.Integer
                ? Utf8Parser.TryParse(text, out long _, out int used) && used == text.Length
                : DecimalText.IsValid(text);
            if (!valid) return $"field {i + 1} ({specs[i].Name}) is not a number";
        }

        return null;
    }

    private void WriteEnvelope(ref JsonObjectWriter w, FormatSchema? schema, LinePosition position, LogSource source)
    {
        if (!ReferenceEquals(source, _templatesSource))
        {
            Array.Clear(_templates);
            _templatesSource = source;
        }

        ref var template = ref _templates[(int)(schema?.Type ?? LoadBalancerType.Unknown)];
        template ??= new EnvelopeTemplate(_envelope, source, schema);
        template.Write(ref w, position.ByteOffset, position.LineNumber);
    }

    private void WriteFields(ref JsonObjectWriter w, ReadOnlySpan<byte> line, FormatSchema schema)
    {
        var fields = _tokenizer.Fields;
        var specs = schema.Fields;
        int known = Math.Min(specs.Length, fields.Length);
        Span<byte> number = stackalloc byte[DecimalText.MaxScaledLength];

        for (int i = 0; i < known; i++)
        {
            var field = fields[i];
            var text = line.Slice(field.Start, field.Length);
            var spec = specs[i];
            switch (spec.Kind)
            {
                case FieldKind.Text:
                    if (!IsAbsent(text)) w.WriteString(spec.Name, Unescape(text, field));
                    break;
                case FieldKind.Seconds:
                    if (IsAbsent(text) || text.SequenceEqual("-1"u8)) break;
                    DecimalText.TryScale(text, 3, number, out int msLength);
                    w.WriteNumberText(spec.Name, number[..msLength]);
                    break;
                case FieldKind.Milliseconds:
                    if (IsAbsent(text)) break;
                    DecimalText.TryScale(text, 0, number, out int length);
                    w.WriteNumberText(spec.Name, number[..length]);
                    break;
                case FieldKind.Integer:
                    if (IsAbsent(text)) break;
                    Utf8Parser.TryParse(text, out long value, out _);
                    w.WriteNumber(spec.Name, value);
                    break;
                case FieldKind.Request:
                    WriteRequest(ref w, Unescape(text, field));
                    break;
            }
        }

        if (fields.Length > specs.Length)
        {
            // Fields a newer format appends: kept in order, never a reason to drop the line.
            w.WriteStartArray(EventSchema.ExtraFields);
            foreach (var field in fields[specs.Length..])
                w.WriteStringValue(Unescape(line.Slice(field.Start, field.Length), field));
            w.WriteEndArray();
        }
    }

    /// <summary>
    /// <c>FullRequest</c> as written, then its space-separated parts: method first, protocol
    /// last, the URL between (each omitted when <c>-</c>). <c>"- - - "</c> (TCP/SSL listeners)
    /// thus sends only <c>FullRequest</c>.
    /// </summary>
    private static void WriteRequest(ref JsonObjectWriter w, ReadOnlySpan<byte> request)
    {
        if (IsAbsent(request)) return;
        w.WriteString(EventSchema.FullRequest, request);

        var trimmed = request.Trim((byte)' ');
        int firstSpace = trimmed.IndexOf((byte)' ');
        if (firstSpace < 0)
        {
            WriteUnlessAbsent(ref w, EventSchema.RequestMethod, trimmed);
            return;
        }

        WriteUnlessAbsent(ref w, EventSchema.RequestMethod, trimmed[..firstSpace]);
        var remainder = trimmed[(firstSpace + 1)..].TrimStart((byte)' ');
        int lastSpace = remainder.LastIndexOf((byte)' ');
        if (lastSpace < 0)
        {
            WriteUnlessAbsent(ref w, EventSchema.RequestUrl, remainder);
            return;
        }

        WriteUnlessAbsent(ref w, EventSchema.RequestUrl, remainder[..lastSpace].TrimEnd((byte)' '));
        WriteUnlessAbsent(ref w, EventSchema.RequestProtocol, remainder[(lastSpace + 1)..]);
    }

    private static void WriteUnlessAbsent(ref JsonObjectWriter w, JsonName name, ReadOnlySpan<byte> value)
    {
        if (!IsAbsent(value)) w.WriteString(name, value);
    }

    private static void WriteParseFailure(ref JsonObjectWriter w, ReadOnlySpan<byte> line)
    {
        w.WriteString(EventSchema.Message, line);
        w.WriteStartArray(EventSchema.Tags);
        w.WriteStringValue(EventSchema.ParseFailureTag.EncodedUtf8Bytes);
        w.WriteEndArray();
    }

    /// <summary><c>-</c> (and an empty field) is "no value": the field is omitted.</summary>
    private static bool IsAbsent(ReadOnlySpan<byte> text) => text.IsEmpty || (text.Length == 1 && text[0] == (byte)'-');

    /// <summary>Resolves <c>\"</c> and <c>\\</c> inside a quoted field; other backslashes stay.</summary>
    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> text, Field field)
    {
        if (!field.HasEscapes) return text;
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
        const int Retained = 1024 * 1024;
        if (_sanitized.Length > Retained) _sanitized = [];
        if (_unescaped.Length > Retained) _unescaped = [];
    }
}
