namespace ElbLogProcessor.Parsing;

/// <summary>One field of a line: its bytes exclude the surrounding quotes.</summary>
/// <param name="Start">Offset of the field's first byte in the line.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Quoted">The field was written between double quotes.</param>
/// <param name="HasEscapes">A backslash escape occurs inside the quotes.</param>
public readonly record struct Field(int Start, int Length, bool Quoted, bool HasEscapes);

/// <summary>
/// Splits an access-log line into fields, in one pass over its bytes (time linear in the
/// line's length, no allocation once the field array has grown to the widest line).
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
/// </remarks>
public sealed class FieldTokenizer
{
    private static readonly System.Buffers.SearchValues<byte> QuoteOrBackslash =
        System.Buffers.SearchValues.Create("\"\\"u8);

    private const int InitialCapacity = 48;
    private const int MaxRetainedCapacity = 4096;

    private Field[] _fields = new Field[InitialCapacity];
    private int _count;

    /// <summary>The fields of the last tokenized line.</summary>
    public ReadOnlySpan<Field> Fields => _fields.AsSpan(0, _count);

    public int Count => _count;

    public int Tokenize(ReadOnlySpan<byte> line, bool quoteAware = true)
    {
        _count = 0;
        // A pathological line may have grown the array to millions of fields: let it go.
        if (_fields.Length > MaxRetainedCapacity) _fields = new Field[InitialCapacity];
        int i = 0;
        int n = line.Length;
        while (true)
        {
            int skip = line[i..].IndexOfAnyExcept((byte)' ');
            if (skip < 0) break;
            i += skip;

            if (quoteAware && line[i] == (byte)'"')
            {
                int start = i + 1;
                int j = start;
                bool escaped = false;
                int end = n;
                int next = n;
                while (j < n)
                {
                    int k = line[j..].IndexOfAny(QuoteOrBackslash);
                    if (k < 0) break;
                    j += k;
                    if (line[j] == (byte)'\\')
                    {
                        escaped = true;
                        j += 2;
                        continue;
                    }

                    end = j;
                    next = j + 1;
                    break;
                }

                Add(new Field(start, end - start, Quoted: true, HasEscapes: escaped));
                i = next;
            }
            else
            {
                int length = line[i..].IndexOf((byte)' ');
                if (length < 0) length = n - i;
                Add(new Field(i, length, Quoted: false, HasEscapes: false));
                i += length;
            }

            if (i >= n) break;
        }

        return _count;
    }

    private void Add(Field field)
    {
        if (_count == _fields.Length) Array.Resize(ref _fields, _fields.Length * 2);
        _fields[_count++] = field;
    }
}
