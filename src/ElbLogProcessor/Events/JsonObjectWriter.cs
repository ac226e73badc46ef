using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ElbLogProcessor.Events;

/// <summary>
/// Writes one JSON object straight into an <see cref="IBufferWriter{T}"/> (the batch buffer).
/// </summary>
/// <remarks>
/// Kept over Utf8JsonWriter because it is measured faster for the same bytes: replaying the
/// events of 1,000 generated lines property by property (JsonWriterBenchmarks), Utf8JsonWriter
/// takes 1.8-1.9x as long (classic 1,355 vs 737 ns, ALB 1,947 vs 1,136 ns per event; names
/// pre-encoded, the same encoder, raw number text for both). Names are encoded once by
/// System.Text.Json; string values are escaped by the same <see cref="JavaScriptEncoder"/>
/// Utf8JsonWriter uses, so the JSON is identical (the benchmark checks). Values must be valid
/// UTF-8 (the line parser replaces invalid sequences first).
/// </remarks>
internal ref struct JsonObjectWriter
{
    private const int MinimumChunk = 4096;

    /// <summary>The encoder may turn one input byte into at most six (<c>\u00XX</c>).</summary>
    private const int MaxEscapedBytesPerByte = 6;

    private readonly IBufferWriter<byte> _output;
    private readonly JavaScriptEncoder _encoder;
    private Span<byte> _span;
    private int _position;
    private bool _needsComma;

    public JsonObjectWriter(IBufferWriter<byte> output, JavaScriptEncoder encoder)
    {
        _output = output;
        _encoder = encoder;
        _span = output.GetSpan(MinimumChunk);
        _position = 0;
        _needsComma = false;
        ValuesNeedNoEscaping = false;
    }

    /// <summary>
    /// Set when every string value written next is known to need no escaping (printable ASCII,
    /// no quote, no backslash: <see cref="Parsing.FieldTokenizer.ValuesNeedEscaping"/>): the search
    /// for bytes to escape is skipped and values are copied as they are.
    /// </summary>
    public bool ValuesNeedNoEscaping { get; set; }

    public void WriteStartObject() => WriteStart((byte)'{');

    public void WriteStartObject(JsonName name)
    {
        WriteName(name, 1);
        _span[_position++] = (byte)'{';
        _needsComma = false;
    }

    public void WriteEndObject() => WriteEnd((byte)'}');

    /// <summary>Closes <paramref name="count"/> nested objects.</summary>
    public void WriteEndObjects(int count)
    {
        if (count <= 0) return;
        Reserve(count);
        for (int i = 0; i < count; i++) _span[_position++] = (byte)'}';   // one to four: a loop beats the call into Fill
        _needsComma = true;
    }

    /// <summary>
    /// Opens nested objects whose names and braces are already encoded (<c>"a":{"b":{</c>), as one member of
    /// the object being written; nothing when <paramref name="openings"/> is empty.
    /// </summary>
    public void WriteStartObjects(scoped ReadOnlySpan<byte> openings)
    {
        if (openings.IsEmpty) return;
        Reserve(openings.Length + 1);
        if (_needsComma) _span[_position++] = (byte)',';
        CopyShort(openings, _span[_position..]);
        _position += openings.Length;
        _needsComma = false;
    }

    public void WriteStartArray(JsonName name)
    {
        WriteName(name, 1);
        _span[_position++] = (byte)'[';
        _needsComma = false;
    }

    public void WriteEndArray() => WriteEnd((byte)']');

    /// <summary><c>"name":"value"</c>, escaping the value as JSON requires.</summary>
    public void WriteString(JsonName name, scoped ReadOnlySpan<byte> value)
    {
        int firstToEscape = ValuesNeedNoEscaping ? -1 : _encoder.FindFirstCharacterToEncodeUtf8(value);
        if (firstToEscape < 0)
        {
            WriteName(name, value.Length + 2);
            WriteQuotedVerbatim(value);
        }
        else
        {
            WriteName(name, 0);
            WriteEscaped(value, firstToEscape);
        }
    }

    /// <summary><c>"name":"value"</c> for a value known to need no escaping (encoded once beforehand).</summary>
    public void WriteString(JsonName name, JsonEncodedText value)
    {
        var bytes = value.EncodedUtf8Bytes;
        WriteName(name, bytes.Length + 2);
        WriteQuotedVerbatim(bytes);
    }

    /// <summary>An array element string.</summary>
    public void WriteStringValue(scoped ReadOnlySpan<byte> value)
    {
        Reserve(value.Length + 3);
        if (_needsComma) _span[_position++] = (byte)',';
        _needsComma = true;
        int firstToEscape = ValuesNeedNoEscaping ? -1 : _encoder.FindFirstCharacterToEncodeUtf8(value);
        if (firstToEscape < 0) WriteQuotedVerbatim(value);
        else WriteEscaped(value, firstToEscape);
    }

    /// <summary><c>"name":number</c> where <paramref name="number"/> is already valid JSON number text.</summary>
    public void WriteNumberText(JsonName name, scoped ReadOnlySpan<byte> number)
    {
        WriteName(name, number.Length);
        CopyShort(number, _span[_position..]);
        _position += number.Length;
    }

    /// <summary>
    /// Copies JSON text that is already serialized (a cached part of an object); what follows
    /// is treated as the next member of the object.
    /// </summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> json)
    {
        Reserve(json.Length);
        json.CopyTo(_span[_position..]);
        _position += json.Length;
        _needsComma = true;
    }

    /// <summary>
    /// A member (or several) already serialized as <c>"name":value</c>, preceded by the comma it needs: a cached
    /// part of an object written between members the writer writes itself.
    /// </summary>
    public void WriteRawMembers(scoped ReadOnlySpan<byte> members)
    {
        Reserve(members.Length + 1);
        if (_needsComma) _span[_position++] = (byte)',';
        members.CopyTo(_span[_position..]);
        _position += members.Length;
        _needsComma = true;
    }

    /// <summary><c>"name":</c> then an integer.</summary>
    public void WriteNumber(JsonName name, long value)
    {
        WriteName(name, 20);
        Utf8Formatter.TryFormat(value, _span[_position..], out int written);
        _position += written;
    }

    /// <summary>
    /// <c>"name":"value"</c> where the value is always checked for bytes to escape, whatever
    /// <see cref="ValuesNeedNoEscaping"/> says (a value decoded from the line, not copied from it).
    /// </summary>
    public void WriteStringChecked(JsonName name, scoped ReadOnlySpan<byte> value)
    {
        bool skip = ValuesNeedNoEscaping;
        ValuesNeedNoEscaping = false;
        WriteString(name, value);
        ValuesNeedNoEscaping = skip;
    }

    /// <summary>An integer as raw JSON text, inside a raw fragment.</summary>
    public void WriteRawInteger(long value)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(value, _span[_position..], out int written);
        _position += written;
    }

    /// <summary>Hands everything written to the output.</summary>
    public void Complete()
    {
        _output.Advance(_position);
        _position = 0;
        _span = default;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteName(JsonName name, int valueBytes)
    {
        var prefix = name.Utf8;
        Reserve(prefix.Length + valueBytes + 1);
        if (_needsComma) _span[_position++] = (byte)',';
        _needsComma = true;
        CopyShort(prefix, _span[_position..]);
        _position += prefix.Length;
    }

    private void WriteQuotedVerbatim(scoped ReadOnlySpan<byte> value)
    {
        var destination = _span[_position..];
        destination[0] = (byte)'"';
        CopyShort(value, destination[1..]);
        destination[value.Length + 1] = (byte)'"';
        _position += value.Length + 2;
    }

    private void WriteEscaped(scoped ReadOnlySpan<byte> value, int firstToEscape)
    {
        Reserve(checked(value.Length * MaxEscapedBytesPerByte + 2));
        _span[_position++] = (byte)'"';
        value[..firstToEscape].CopyTo(_span[_position..]);
        _position += firstToEscape;
        _encoder.EncodeUtf8(value[firstToEscape..], _span[_position..], out _, out int written, isFinalBlock: true);
        _position += written;
        _span[_position++] = (byte)'"';
    }

    /// <summary>
    /// Copies <paramref name="source"/> to the start of <paramref name="destination"/>. Names and
    /// most values are 1 to 32 bytes: two overlapping loads and stores inline cost less than the
    /// call into Memmove, which a line makes some thirty times. Nothing outside either span is touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShort(scoped ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint length = (nuint)source.Length;
        if (length > 32 || length > (nuint)destination.Length || length < 4)
        {
            source.CopyTo(destination);
            return;
        }

        ref byte from = ref MemoryMarshal.GetReference(source);
        ref byte to = ref MemoryMarshal.GetReference(destination);
        if (length >= 16)
        {
            Vector128.LoadUnsafe(ref from).StoreUnsafe(ref to);
            Vector128.LoadUnsafe(ref from, length - 16).StoreUnsafe(ref to, length - 16);
        }
        else if (length >= 8)
        {
            Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<ulong>(ref from));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, length - 8), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, length - 8)));
        }
        else
        {
            Unsafe.WriteUnaligned(ref to, Unsafe.ReadUnaligned<uint>(ref from));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, length - 4), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref from, length - 4)));
        }
    }

    private void WriteStart(byte bracket)
    {
        Reserve(2);
        if (_needsComma) _span[_position++] = (byte)',';
        _span[_position++] = bracket;
        _needsComma = false;
    }

    private void WriteEnd(byte bracket)
    {
        Reserve(1);
        _span[_position++] = bracket;
        _needsComma = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Reserve(int bytes)
    {
        if (_span.Length - _position < bytes) Grow(bytes);
    }

    private void Grow(int bytes)
    {
        _output.Advance(_position);
        _position = 0;
        _span = _output.GetSpan(Math.Max(bytes, MinimumChunk));
    }
}
