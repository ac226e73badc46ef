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
/// Like nietras/Sep, it classifies 64 bytes at a time with SIMD compares into two bit masks
/// (spaces; quotes and backslashes) and decides only on those bits: outside quotes, the spaces
/// before the next quote are separators taken straight from the mask; inside quotes, spaces are
/// not looked at. (Deciding on every special byte, as before, cost 25% more on classic lines and 13%
/// more on ALB lines: ParseBenchmarks "tokenize only".) The same pass notes whether any byte that
/// can end up in a value would need JSON escaping (<see cref="ValuesNeedEscaping"/>), so that the
/// event writer checks values only on the rare lines that have one.
/// </para>
/// </remarks>
internal sealed class FieldTokenizer
{
    private const int InitialCapacity = 48;
    private const int MaxRetainedCapacity = 4096;

    /// <summary>Bytes per block: the masks are 64-bit, one bit a byte.</summary>
    private const int Block = 64;

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
        bool contentByte = false;  // a backslash anywhere, or a quote inside a value (not a field's delimiter)
        var unprintable = Vector128<byte>.Zero;

        ref byte start = ref MemoryMarshal.GetReference(line);
        Span<byte> tail = stackalloc byte[Block];
        for (int at0 = 0; at0 < line.Length; at0 += Block)
        {
            ulong spaces, quotesAndBackslashes;
            if (at0 + Block <= line.Length)
            {
                unprintable |= Classify(ref Unsafe.Add(ref start, at0), out spaces, out quotesAndBackslashes);
            }
            else
            {
                // The last partial block, padded with a byte that is neither special nor unprintable.
                tail.Fill((byte)'a');
                line[at0..].CopyTo(tail);
                unprintable |= Classify(ref MemoryMarshal.GetReference(tail), out spaces, out quotesAndBackslashes);
            }

            if (!quoteAware)
            {
                // Only spaces separate; a quote or a backslash is content that JSON escapes.
                contentByte |= quotesAndBackslashes != 0;
                quotesAndBackslashes = 0;
            }

            // Only some bytes need a decision: outside quotes spaces, quotes (and backslashes, which
            // are content there); inside quotes only quotes and backslashes, so the spaces of a
            // user agent or a request cost nothing. Other bytes belong to the current field.
            ulong mask = quoted ? quotesAndBackslashes : spaces | quotesAndBackslashes;
            while (mask != 0)
            {
                if (!quoted)
                {
                    // The spaces before the next quote or backslash are separators: no decision per byte.
                    ulong specials = mask & quotesAndBackslashes;
                    ulong separators = mask & spaces & (specials - 1);
                    while (separators != 0)
                    {
                        int at = at0 + BitOperations.TrailingZeroCount(separators);
                        if (at != cursor) Append(ref fields, ref count, new Field(cursor, at - cursor, false, false));

                        cursor = at + 1;
                        separators &= separators - 1;
                    }

                    if (specials == 0) break;
                    int bit = BitOperations.TrailingZeroCount(specials);
                    int quoteOrBackslash = at0 + bit;
                    if (Unsafe.Add(ref start, quoteOrBackslash) == (byte)'"' && quoteOrBackslash == cursor)
                    {
                        quoted = true;
                        quotedStart = quoteOrBackslash + 1;
                        escaped = false;
                        mask = quotesAndBackslashes & Above(bit);
                    }
                    else
                    {
                        contentByte = true;   // a backslash, or a quote inside an unquoted field: part of its value
                        mask &= Above(bit);
                    }
                }
                else
                {
                    int bit = BitOperations.TrailingZeroCount(mask);
                    int at = at0 + bit;
                    mask &= mask - 1;
                    if (at < skipUntil) continue;   // the byte a backslash escapes
                    if (Unsafe.Add(ref start, at) == (byte)'\\')
                    {
                        escaped = true;
                        contentByte = true;
                        skipUntil = at + 2;
                    }
                    else   // the closing quote
                    {
                        Append(ref fields, ref count, new Field(quotedStart, at - quotedStart, true, escaped));
                        quoted = false;
                        cursor = at + 1;
                        mask = (spaces | quotesAndBackslashes) & Above(bit);
                    }
                }
            }
        }

        if (quoted) Append(ref fields, ref count, new Field(quotedStart, line.Length - quotedStart, true, escaped));   // an unbalanced quote runs to the end
        else if (cursor < line.Length) Append(ref fields, ref count, new Field(cursor, line.Length - cursor, false, false));

        _fields = fields;
        _count = count;
        ValuesNeedEscaping = contentByte || unprintable != Vector128<byte>.Zero;
        return count;
    }

    /// <summary>The bits above <paramref name="bit"/> (none above bit 63).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Above(int bit) => ~0UL << bit << 1;

    /// <summary>
    /// One 64-byte block: a mask of its spaces, a mask of its quotes and backslashes, and a vector
    /// that is not zero when a byte lies outside printable ASCII (<c>0x20</c>-<c>0x7E</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Classify(ref byte block, out ulong spaces, out ulong quotesAndBackslashes)
    {
        var space = Vector128.Create((byte)' ');
        var quote = Vector128.Create((byte)'"');
        var backslash = Vector128.Create((byte)'\\');
        var printableStart = Vector128.Create((byte)0x20);
        var printableSpan = Vector128.Create((byte)(0x7E - 0x20));

        var c0 = Vector128.LoadUnsafe(ref block);
        var c1 = Vector128.LoadUnsafe(ref block, 16);
        var c2 = Vector128.LoadUnsafe(ref block, 32);
        var c3 = Vector128.LoadUnsafe(ref block, 48);
        spaces = Vector128.Equals(c0, space).ExtractMostSignificantBits() |
                 (ulong)Vector128.Equals(c1, space).ExtractMostSignificantBits() << 16 |
                 (ulong)Vector128.Equals(c2, space).ExtractMostSignificantBits() << 32 |
                 (ulong)Vector128.Equals(c3, space).ExtractMostSignificantBits() << 48;
        quotesAndBackslashes =
            (Vector128.Equals(c0, quote) | Vector128.Equals(c0, backslash)).ExtractMostSignificantBits() |
            (ulong)(Vector128.Equals(c1, quote) | Vector128.Equals(c1, backslash)).ExtractMostSignificantBits() << 16 |
            (ulong)(Vector128.Equals(c2, quote) | Vector128.Equals(c2, backslash)).ExtractMostSignificantBits() << 32 |
            (ulong)(Vector128.Equals(c3, quote) | Vector128.Equals(c3, backslash)).ExtractMostSignificantBits() << 48;
        return Vector128.GreaterThan(c0 - printableStart, printableSpan) | Vector128.GreaterThan(c1 - printableStart, printableSpan) |
               Vector128.GreaterThan(c2 - printableStart, printableSpan) | Vector128.GreaterThan(c3 - printableStart, printableSpan);
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
