using System.Text;
using System.Text.Json;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>What the start of an object says: how its lines are laid out, or what it is when it is no log this function reads.</summary>
/// <param name="Layout">Its layout; null when the start tells nothing (empty, or no whole line yet): read it as legacy lines.</param>
/// <param name="Foreign">What it looks like, when it is not a log this function reads.</param>
internal readonly record struct ContentVerdict(RecordLayout? Layout, string? Foreign);

/// <summary>
/// Looks at the start of an object before any of it is sent, and tells by content (never by name) how it is written:
/// legacy access-log lines, or one of the shapes CloudWatch-vended deliveries write into the same prefix (JSON lines,
/// W3C with a <c>#Fields:</c> header, <c>plain</c> values with a delimiter of the user's choice, Parquet), with the log
/// type of its records (a Parquet file's, from its footer, by its reader). An object in none of them fails at once with
/// one error saying what it looks like, which beats one parse-failure event for each of its lines.
/// </summary>
internal static class ContentCheck
{
    /// <summary>How many non-blank lines are looked at: all of them starting no known format means the object is not a log.</summary>
    public const int LinesLooked = 10;

    /// <summary>How much of the object is looked at, at most.</summary>
    public const int BytesLooked = 64 * 1024;

    /// <summary>The longest delimiter a vended <c>plain</c> or <c>w3c</c> delivery can be configured with.</summary>
    public const int MaxDelimiter = 5;

    private const int Excerpt = 40;

    /// <summary>Delimiters tried before the ones the first line suggests: the ones AWS lists, then common choices.</summary>
    private static readonly byte[][] CommonDelimiters = ["\t"u8.ToArray(), " "u8.ToArray(), ","u8.ToArray(), "|"u8.ToArray(), ";"u8.ToArray()];

    /// <param name="head">The first bytes of the decoded object.</param>
    /// <param name="wholeObject"><paramref name="head"/> is all of the object (its last line then needs no line end).</param>
    /// <param name="named">The kind the object's name announces.</param>
    public static ContentVerdict Inspect(ReadOnlySpan<byte> head, bool wholeObject, LogKind? named)
    {
        if (head.StartsWith("PAR1"u8)) return new ContentVerdict(RecordLayout.Parquet, null);   // its footer tells the rest
        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty) return default;
        if (text[0] == (byte)'{') return InspectJson(text, wholeObject);
        if (text[0] == (byte)'[') return Foreign("a JSON array (vended JSON deliveries are one object per line)");
        if (text[0] == (byte)'#') return InspectW3c(text, wholeObject);

        var lines = FirstLines(text, wholeObject);
        if (lines.Count == 0)
        {
            // A first line longer than what is looked at: its start decides, as a whole line's would (a 60 KB line and a
            // 60 MB one of the same content get the same answer).
            if (text.Length < BytesLooked) return default;
            return LogKindDetector.Detect(text, named) is not null
                ? new ContentVerdict(RecordLayout.Legacy, null)
                : Foreign(BinaryKind(text) ?? $"text whose first line, longer than {BytesLooked / 1024} KB, starts no known log format (it begins '{Printable(text)}')");
        }

        var first = text.Slice(lines[0].Start, lines[0].Length);

        // A vended plain line whose delimiter is not a space can start like a legacy one (a connection log's time
        // and client IP, " || " between): its shape is tested first. A space is left to the legacy reader.
        if (PlainLayout(first, spaces: false) is { } plain) return new ContentVerdict(plain, null);
        foreach (var (start, length) in lines)
            if (LogKindDetector.Detect(text.Slice(start, length), named) is not null) return new ContentVerdict(RecordLayout.Legacy, null);
        if (PlainLayout(first, spaces: true) is { } spaced) return new ContentVerdict(spaced, null);
        return Foreign(BinaryKind(text) ??
                       $"text whose first {(lines.Count == 1 ? "line starts" : $"{lines.Count} lines start")} no known log format (it begins '{Printable(first)}')");
    }

    /// <summary>JSON lines: the log type from the member names of the first record that is a JSON object.</summary>
    private static ContentVerdict InspectJson(ReadOnlySpan<byte> text, bool wholeObject)
    {
        var lines = FirstLines(text, wholeObject);
        if (lines.Count == 0) return Foreign($"JSON whose first record is longer than {BytesLooked / 1024} KB");
        foreach (var (start, length) in lines)
        {
            if (MemberNames(text.Slice(start, length)) is not { } names) continue;
            return LogKind.OfNames(names) is { } kind
                ? new ContentVerdict(RecordLayout.JsonLines(kind), null)
                : Foreign($"JSON lines whose members are no ELB log type's (it names {NameList(names)})");
        }

        return Foreign($"JSON, but its first {(lines.Count == 1 ? "line is" : $"{lines.Count} lines are")} no JSON object each (it begins '{Printable(text.Slice(lines[0].Start, lines[0].Length))}')");
    }

    /// <summary>W3C: directives (<c>#Version:</c>, <c>#Fields:</c>), then values in the order of the <c>#Fields:</c> header.</summary>
    private static ContentVerdict InspectW3c(ReadOnlySpan<byte> text, bool wholeObject)
    {
        string[]? names = null;
        ReadOnlySpan<byte> header = default, firstRecord = default;
        foreach (var (start, length) in FirstLines(text, wholeObject))
        {
            var line = text.Slice(start, length);
            if (line[0] != (byte)'#')
            {
                firstRecord = line;
                break;
            }

            if (line.StartsWith("#Fields:"u8))
            {
                header = line["#Fields:"u8.Length..];
                names = Encoding.UTF8.GetString(header).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            }
        }

        if (names is null) return Foreign("text with # directives but no #Fields: header among its first lines");
        if (LogKind.OfNames(names) is not { } kind) return Foreign($"W3C text whose #Fields header names no ELB log type's fields (it names {NameList(names)})");

        byte[]? delimiter = null;
        if (firstRecord.IsEmpty)
            delimiter = header.Contains((byte)'\t') ? "\t"u8.ToArray() : " "u8.ToArray();   // no record yet: the header's own separator
        else
            foreach (var candidate in DelimiterCandidates(firstRecord))
                if (CountValues(firstRecord, candidate) == names.Length)
                {
                    delimiter = candidate;
                    break;
                }

        if (delimiter is null)
            return Foreign($"W3C text of {kind.VendedLogType} whose first record does not split into the {names.Length} values its #Fields header names, " +
                           $"by any delimiter of up to {MaxDelimiter} characters (it begins '{Printable(firstRecord)}')");
        return new ContentVerdict(RecordLayout.Delimited(kind, delimiter, names, directives: true), null);
    }

    /// <summary>
    /// A vended <c>plain</c> delivery: the delimiter that splits the line into as many values as a log type has, with its
    /// time where that type has it.
    /// </summary>
    /// <param name="line">The object's first line.</param>
    /// <param name="spaces">Try only a space (legacy lines did not fit), or only the other delimiters.</param>
    private static RecordLayout? PlainLayout(ReadOnlySpan<byte> line, bool spaces)
    {
        foreach (var delimiter in DelimiterCandidates(line))
        {
            if (delimiter is [(byte)' '] != spaces) continue;
            int count = CountValues(line, delimiter);
            foreach (var kind in LogKind.Vended)
            {
                var names = kind.VendedFields;
                if (count != names.Length || !LooksLikeTime(ValueAt(line, delimiter, Array.FindIndex(names, f => f.Kind == ValueKind.Timestamp))))
                    continue;
                return RecordLayout.Delimited(kind, delimiter, [.. names.Select(f => f.Name)], directives: false);
            }
        }

        return null;
    }

    /// <summary>The member names of a line that is one JSON object; null when it is not.</summary>
    private static List<string>? MemberNames(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        var names = new List<string>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                names.Add(reader.GetString()!);
                reader.Read();
                reader.Skip();
            }

            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? names : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The delimiters worth trying on a line: the common ones, then what follows its first value (up to 5 characters, longest first).</summary>
    private static IEnumerable<byte[]> DelimiterCandidates(ReadOnlySpan<byte> line)
    {
        var candidates = new List<byte[]>(CommonDelimiters);
        int end = 0;
        if (end < line.Length && line[0] == (byte)'"')
        {
            int close = line[1..].IndexOf((byte)'"');
            end = close < 0 ? line.Length : close + 2;
        }
        else
        {
            while (end < line.Length && (char.IsAsciiLetterOrDigit((char)line[end]) || line[end] is (byte)'-' or (byte)':' or (byte)'.' or (byte)'+')) end++;
        }

        int run = 0;
        while (end + run < line.Length && run < MaxDelimiter && !char.IsAsciiLetterOrDigit((char)line[end + run]) && line[end + run] != (byte)'"') run++;
        for (int length = run; length >= 1; length--)
        {
            var candidate = line.Slice(end, length).ToArray();
            if (!candidates.Any(c => c.AsSpan().SequenceEqual(candidate))) candidates.Insert(0, candidate);
        }

        // Longer runs first: " | " before " ".
        return candidates.OrderByDescending(c => c.Length);
    }

    /// <summary>How many values <paramref name="delimiter"/> splits the line into (a quoted value may hold it); -1 when a quote is not closed.</summary>
    internal static int CountValues(ReadOnlySpan<byte> line, ReadOnlySpan<byte> delimiter)
    {
        var rest = line;
        for (int count = 1; ; count++)
        {
            switch (VendedRecord.CutValue(ref rest, delimiter, out _, out _))
            {
                case VendedRecord.Cut.Last: return count;
                case VendedRecord.Cut.Value: continue;
                default: return -1;
            }
        }
    }

    /// <summary>The text of value <paramref name="index"/>, without its quotes; empty when the line has no such value.</summary>
    private static ReadOnlySpan<byte> ValueAt(ReadOnlySpan<byte> line, ReadOnlySpan<byte> delimiter, int index)
    {
        var rest = line;
        for (int i = 0; ; i++)
        {
            var cut = VendedRecord.CutValue(ref rest, delimiter, out var value, out _);
            if (cut is VendedRecord.Cut.UnclosedQuote or VendedRecord.Cut.MoreAfterQuote) return default;
            if (i == index) return value;
            if (cut == VendedRecord.Cut.Last) return default;
        }
    }

    /// <summary><c>2026-09-10T00:00:00</c> at least: an ISO 8601 date and time, as every log type's time is written.</summary>
    private static bool LooksLikeTime(ReadOnlySpan<byte> value) => value.Length >= 19 && LogKindDetector.IsTimestamp(value);

    /// <summary>The first non-blank whole lines (at most <see cref="LinesLooked"/>), without line ends, as ranges of <paramref name="text"/>.</summary>
    private static List<(int Start, int Length)> FirstLines(ReadOnlySpan<byte> text, bool wholeObject)
    {
        var lines = new List<(int, int)>();
        int offset = 0;
        while (lines.Count < LinesLooked && offset < text.Length)
        {
            int end = text[offset..].IndexOf((byte)'\n');
            if (end < 0 && !wholeObject) break;   // a line not yet whole says nothing
            int length = end < 0 ? text.Length - offset : end;
            var line = text.Slice(offset, length).TrimEnd((byte)'\r');
            if (line.IndexOfAnyExcept(" \t\f\v"u8) >= 0) lines.Add((offset, line.Length));
            offset += end < 0 ? length : end + 1;
        }

        return lines;
    }

    private static ContentVerdict Foreign(string what) => new(null, what);

    private static string NameList(IEnumerable<string> names)
    {
        var list = names.Take(8).ToList();
        return string.Join(", ", list) + (names.Count() > list.Count ? ", ..." : "");
    }

    /// <summary>
    /// What binary data is, when a head already found to be no log is binary (a NUL byte, or not UTF-8; a log with a few
    /// bytes that are not UTF-8 is still read, as its lines tell): the kind its magic number names (gzip is decoded before
    /// this check, so a gzip here is one inside the first), else its first bytes in hex; null for text.
    /// </summary>
    private static string? BinaryKind(ReadOnlySpan<byte> head)
    {
        var sample = head[..Math.Min(head.Length, 4096)];
        bool utf8 = System.Text.Unicode.Utf8.IsValid(sample) ||
                    System.Text.Unicode.Utf8.IsValid(sample[..Math.Max(0, sample.Length - 3)]);   // a character cut at the end
        if (sample.IndexOf((byte)0) < 0 && utf8) return null;
        string magic = sample switch
        {
            [0x7F, (byte)'E', (byte)'L', (byte)'F', ..] => "an ELF executable",
            [0x1F, 0x8B, ..] => "gzip data inside gzip",
            [(byte)'P', (byte)'K', 3, 4, ..] => "a zip archive",
            [(byte)'B', (byte)'Z', (byte)'h', ..] => "bzip2 data",
            [0x28, 0xB5, 0x2F, 0xFD, ..] => "zstd data",
            [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, ..] => "xz data",
            [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "a PNG image",
            _ => "binary data",
        };
        return $"{magic}, not text (it begins with the bytes {Convert.ToHexString(sample[..Math.Min(sample.Length, 8)])})";
    }

    private static string Printable(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, Excerpt)]);
        var printable = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length > Excerpt ? printable + "..." : printable;
    }
}
