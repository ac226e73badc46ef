using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// Splits an access-log line into fields, in one pass over its bytes: time linear in the
/// line's length, no allocation once the field array has grown to the widest line.
/// </summary>
/// <remarks>
/// Rules, as ELB/ALB write their lines:
/// <list type="bullet">
/// <item>fields are separated by spaces (a run of spaces counts as one separator);</item>
/// <item>a field that starts with <c>"</c> runs to the next unescaped <c>"</c>; inside it a
/// backslash escapes the next byte (<c>\"</c>), as in the grok QUOTEDSTRING pattern;</item>
/// <item>a closing quote ends the field even when no space follows (<c>"-"1</c> is two fields);</item>
/// <item>an unbalanced quote runs to the end of the line: never a hang, never an exception.</item>
/// </list>
/// With <c>quoteAware: false</c> (NLB lines, whose fields are never quoted and whose ALPN
/// list holds literal quotes) only spaces separate.
/// <para>
/// Like nietras/Sep, it finds the bytes that matter (space, quote, backslash) 16 at a time
/// with SIMD compares and a bit mask, and runs the small state machine only on those. The same
/// pass notes whether any byte that can end up in a value would need JSON escaping
/// (<see cref="ValuesNeedEscaping"/>), so that the event writer checks values only on the rare
/// lines that have one.
/// </para>
/// </remarks>
internal sealed class FieldTokenizer
{
    private const int InitialCapacity = 48;
    private const int MaxRetainedCapacity = 4096;

    private Field[] _fields = new Field[InitialCapacity];
    private int _count;

    /// <summary>The fields of the last tokenized line.</summary>
    public ReadOnlySpan<Field> Fields => _fields.AsSpan(0, _count);

    /// <summary>
    /// False when no field of the last tokenized line holds a byte that JSON escaping could
    /// change: every byte is printable ASCII (<c>0x20</c>-<c>0x7E</c>), there is no backslash, and
    /// every double quote is a field's delimiter. True means: check each value.
    /// </summary>
    public bool ValuesNeedEscaping { get; private set; }

    public int Tokenize(ReadOnlySpan<byte> line, bool quoteAware = true)
    {
        // A pathological line may have grown the array to millions of fields: let it go.
        if (_fields.Length > MaxRetainedCapacity) _fields = new Field[InitialCapacity];

        // The whole scan state is in locals so that it stays in registers.
        var fields = _fields;
        int count = 0;
        int cursor = 0;            // outside quotes: where the current field starts (a space there is a separator)
        bool quoted = false;       // inside a quoted field, which starts at quotedStart
        int quotedStart = 0;
        int skipUntil = 0;         // inside quotes: bytes before this are escaped
        bool escaped = false;      // the quoted field holds a backslash escape
        bool contentQuote = false; // a quote inside a value (not a field's delimiter)

        var space = Vector128.Create((byte)' ');
        var quote = Vector128.Create(quoteAware ? (byte)'"' : (byte)' ');
        var backslash = Vector128.Create(quoteAware ? (byte)'\\' : (byte)' ');
        // Bytes JSON escaping may change wherever they are: outside 0x20-0x7E, a backslash, and
        // (when quotes do not delimit fields) a quote. Delimiting quotes are told apart below.
        var printableStart = Vector128.Create((byte)0x20);
        var printableSpan = Vector128.Create((byte)(0x7E - 0x20));
        var contentBackslash = Vector128.Create((byte)'\\');
        var contentQuoteByte = Vector128.Create(quoteAware ? (byte)'\\' : (byte)'"');
        var escapable = Vector128<byte>.Zero;

        ref byte start = ref MemoryMarshal.GetReference(line);
        Span<byte> tail = stackalloc byte[Vector128<byte>.Count];
        for (int i = 0; i < line.Length; i += Vector128<byte>.Count)
        {
            Vector128<byte> chunk;
            if (i + Vector128<byte>.Count <= line.Length)
            {
                chunk = Vector128.LoadUnsafe(ref start, (nuint)i);
            }
            else
            {
                // The last partial chunk, padded with a byte that is neither special nor escapable.
                tail.Fill((byte)'a');
                line[i..].CopyTo(tail);
                chunk = Vector128.Create((ReadOnlySpan<byte>)tail);
            }

            escapable |= Vector128.GreaterThan(chunk - printableStart, printableSpan) |
                         Vector128.Equals(chunk, contentBackslash) | Vector128.Equals(chunk, contentQuoteByte);
            uint mask = (Vector128.Equals(chunk, space) | Vector128.Equals(chunk, quote) |
                         Vector128.Equals(chunk, backslash)).ExtractMostSignificantBits();

            // Only spaces, quotes and backslashes need a decision; other bytes belong to the current field.
            while (mask != 0)
            {
                int at = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                byte b = Unsafe.Add(ref start, at);
                if (!quoted)
                {
                    if (b == (byte)' ')
                    {
                        if (at != cursor) Append(ref fields, ref count, new Field(cursor, at - cursor, false, false));

                        cursor = at + 1;
                    }
                    else if (b == (byte)'"')
                    {
                        if (at == cursor)
                        {
                            quoted = true;
                            quotedStart = at + 1;
                            escaped = false;
                        }
                        else
                        {
                            contentQuote = true;   // inside an unquoted field: part of its value
                        }
                    }

                    // A backslash outside quotes is an ordinary byte.
                }
                else if (at >= skipUntil)  // bytes before skipUntil are escaped
                {
                    if (b == (byte)'\\')
                    {
                        escaped = true;
                        skipUntil = at + 2;
                    }
                    else if (b == (byte)'"')
                    {
                        Append(ref fields, ref count, new Field(quotedStart, at - quotedStart, true, escaped));
                        quoted = false;
                        cursor = at + 1;
                    }
                }
            }
        }

        if (quoted) Append(ref fields, ref count, new Field(quotedStart, line.Length - quotedStart, true, escaped));   // an unbalanced quote runs to the end
        else if (cursor < line.Length) Append(ref fields, ref count, new Field(cursor, line.Length - cursor, false, false));

        _fields = fields;
        _count = count;
        ValuesNeedEscaping = contentQuote || escapable != Vector128<byte>.Zero;
        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Append(ref Field[] fields, ref int count, Field field)
    {
        if (count == fields.Length) fields = Grow(fields);
        fields[count++] = field;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Field[] Grow(Field[] fields)
    {
        Array.Resize(ref fields, fields.Length * 2);
        return fields;
    }
}
