using System.Text;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// Looks at the start of an object before any of it is sent: an object in one of AWS's other
/// delivery formats (JSON, text with a <c>#Fields:</c> header, Parquet, as CloudWatch-vended
/// deliveries write into the same prefix) or whose first lines all start no known format is
/// not a log this function reads. Failing it at once, with one error saying what it looks
/// like, beats one parse-failure event for each of its lines.
/// </summary>
internal static class ContentCheck
{
    /// <summary>How many non-blank lines are looked at: all of them starting no known format means the object is not a log.</summary>
    public const int LinesLooked = 10;

    /// <summary>How much of the object is looked at, at most.</summary>
    public const int BytesLooked = 64 * 1024;

    private const int Excerpt = 40;

    /// <summary>Null when <paramref name="head"/> looks like a log this function reads (or says nothing); otherwise what it looks like.</summary>
    /// <param name="head">The first bytes of the decoded object.</param>
    /// <param name="wholeObject"><paramref name="head"/> is all of the object (its last line then needs no line end).</param>
    /// <param name="named">The kind the object's name announces.</param>
    public static string? DescribeForeign(ReadOnlySpan<byte> head, bool wholeObject, LogKind? named)
    {
        if (head.StartsWith("PAR1"u8)) return "a Parquet file (a CloudWatch-vended delivery)";
        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty) return null;
        if (text[0] is (byte)'{' or (byte)'[') return "JSON (a CloudWatch-vended delivery in JSON)";
        if (text.StartsWith("#Fields:"u8) || text.StartsWith("#Version:"u8)) return "text with a #Fields header (a W3C or plain CloudWatch-vended delivery)";

        int looked = 0;
        ReadOnlySpan<byte> first = default;
        var rest = text;
        while (looked < LinesLooked && !rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)'\n');
            if (end < 0 && !wholeObject) break;   // a line not yet whole says nothing
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (line.IndexOfAnyExcept(" \t\f\v"u8) < 0) continue;
            if (LogKindDetector.Detect(line, named) is not null) return null;
            if (looked++ == 0) first = line;
        }

        if (looked == 0) return null;
        return $"text whose first {(looked == 1 ? "line starts" : $"{looked} lines start")} no known log format (it begins '{Printable(first)}')";
    }

    private static string Printable(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[..Math.Min(line.Length, Excerpt)]);
        var printable = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
        return line.Length > Excerpt ? printable + "..." : printable;
    }
}
