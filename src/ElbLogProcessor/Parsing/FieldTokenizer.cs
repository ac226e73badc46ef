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
/// with SIMD compares and a bit mask, and runs the small state machine only on those.
/// </para>
/// </remarks>
internal sealed class FieldTokenizer
{
    private const int InitialCapacity = 48;
    private const int MaxRetainedCapacity = 4096;

    private Field[] _fields = new Field[InitialCapacity];
    private int _count;

    private enum State { Between, Unquoted, Quoted }

    /// <summary>Scan state, a local struct so that it lives in registers, not in the object.</summary>
    private struct Scan
    {
        public State State;
        public int FieldStart;     // first byte of the current field (after the quote when quoted)
        public int Cursor;         // between fields: the first byte not yet known to be a space
        public int SkipUntil;      // inside quotes: bytes before this are escaped
        public bool Escaped;
    }

    /// <summary>The fields of the last tokenized line.</summary>
    public ReadOnlySpan<Field> Fields => _fields.AsSpan(0, _count);

    public int Tokenize(ReadOnlySpan<byte> line, bool quoteAware = true)
    {
        // A pathological line may have grown the array to millions of fields: let it go.
        if (_fields.Length > MaxRetainedCapacity) _fields = new Field[InitialCapacity];
        _count = 0;
        var scan = default(Scan);

        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var space = Vector128.Create((byte)' ');
            var quote = Vector128.Create(quoteAware ? (byte)'"' : (byte)' ');
            var backslash = Vector128.Create(quoteAware ? (byte)'\\' : (byte)' ');
            ref byte start = ref MemoryMarshal.GetReference(line);
            for (; i + Vector128<byte>.Count <= line.Length; i += Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref start, (nuint)i);
                uint mask = (Vector128.Equals(chunk, space) | Vector128.Equals(chunk, quote) |
                             Vector128.Equals(chunk, backslash)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    OnSpecial(ref scan, Unsafe.Add(ref start, at), at);
                }
            }
        }

        for (; i < line.Length; i++)
        {
            byte b = line[i];
            if (b == (byte)' ' || (quoteAware && b is (byte)'"' or (byte)'\\')) OnSpecial(ref scan, b, i);
        }

        switch (scan.State)
        {
            case State.Unquoted: Add(new Field(scan.FieldStart, line.Length - scan.FieldStart, false, false)); break;
            case State.Quoted: Add(new Field(scan.FieldStart, line.Length - scan.FieldStart, true, scan.Escaped)); break;
            default:
                if (scan.Cursor < line.Length) Add(new Field(scan.Cursor, line.Length - scan.Cursor, false, false));
                break;
        }

        return _count;
    }

    /// <summary>Handles a space, quote or backslash at <paramref name="at"/>; other bytes never need a decision.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void OnSpecial(ref Scan scan, byte b, int at)
    {
        if (scan.State == State.Between)
        {
            if (at == scan.Cursor)
            {
                if (b == (byte)' ')
                {
                    scan.Cursor = at + 1;
                    return;
                }

                if (b == (byte)'"')
                {
                    scan.FieldStart = at + 1;
                    scan.Escaped = false;
                    scan.State = State.Quoted;
                    return;
                }

                // A backslash outside quotes is an ordinary byte.
            }

            // Ordinary bytes since the last separator: an unquoted field began at the cursor.
            scan.FieldStart = scan.Cursor;
            scan.State = State.Unquoted;
        }

        if (scan.State == State.Unquoted)
        {
            if (b == (byte)' ')
            {
                Add(new Field(scan.FieldStart, at - scan.FieldStart, false, false));
                scan.Cursor = at + 1;
                scan.State = State.Between;
            }

            return;
        }

        // Quoted.
        if (at < scan.SkipUntil) return;    // this byte is escaped
        if (b == (byte)'\\')
        {
            scan.Escaped = true;
            scan.SkipUntil = at + 2;
        }
        else if (b == (byte)'"')
        {
            Add(new Field(scan.FieldStart, at - scan.FieldStart, true, scan.Escaped));
            scan.Cursor = at + 1;
            scan.State = State.Between;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add(Field field)
    {
        if (_count == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[_count++] = field;
    }
}
