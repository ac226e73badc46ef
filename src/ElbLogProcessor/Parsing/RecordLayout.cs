using System.Text;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>How the records of an object are written (docs/log-formats.md, "Vended deliveries").</summary>
internal enum RecordFormat
{
    /// <summary>Legacy access-log lines: space-separated, quoted where a value may hold spaces, the kind told per line.</summary>
    Legacy,

    /// <summary>One JSON object per line, its members named as the vended record fields.</summary>
    JsonLines,

    /// <summary>
    /// Values separated by a delimiter: a vended <c>plain</c> delivery (the vended field order) or a <c>w3c</c> one
    /// (the order of its <c>#Fields:</c> header; lines starting with <c>#</c> are directives).
    /// </summary>
    Delimited,

    /// <summary>A Parquet file, read by row groups (<see cref="Reading.ParquetRecordReader"/>), each row handed on as a delimited record.</summary>
    Parquet,
}

/// <summary>
/// How one object's lines are laid out, found once from its first lines (<see cref="ContentCheck"/>): the legacy
/// format, or a CloudWatch-vended delivery of one log kind, whose values <see cref="VendedRecord"/> places at the
/// positions the kind declares, so that everything after the parser reads them as it reads a legacy line.
/// </summary>
internal sealed class RecordLayout
{
    private RecordLayout(RecordFormat format, LogKind? kind, byte[] delimiter, int[] columns, string[] columnNames, bool directives)
    {
        Format = format;
        Kind = kind;
        Delimiter = delimiter;
        Columns = columns;
        ColumnNames = columnNames;
        ColumnNamesUtf8 = [.. columnNames.Select(Encoding.UTF8.GetBytes)];
        HasDirectives = directives;
    }

    /// <summary>Legacy lines (the layout of every object before vended deliveries, and of a resumed one that shows no other).</summary>
    public static RecordLayout Legacy { get; } = new(RecordFormat.Legacy, null, [], [], [], false);

    public RecordFormat Format { get; }

    /// <summary>The log kind of every record (a vended object holds one log type); null for legacy lines, whose kind is told per line.</summary>
    public LogKind? Kind { get; }

    /// <summary>What separates the values of a <see cref="RecordFormat.Delimited"/> line.</summary>
    public byte[] Delimiter { get; }

    /// <summary>For each column of a delimited line, the position of its field in the kind's declaration, or -1 (an extra field, by name).</summary>
    public int[] Columns { get; }

    /// <summary>Each column's name as the object gives it (a <c>#Fields:</c> header, or the kind's vended names).</summary>
    public string[] ColumnNames { get; }

    /// <summary><see cref="ColumnNames"/> as UTF-8, for extra fields.</summary>
    public byte[][] ColumnNamesUtf8 { get; }

    /// <summary>Lines starting with <c>#</c> are directives (<c>#Version:</c>, <c>#Fields:</c>), not records: W3C.</summary>
    public bool HasDirectives { get; }

    /// <summary>A Parquet file, whose log type its columns tell once its footer is read.</summary>
    public static RecordLayout Parquet { get; } = new(RecordFormat.Parquet, null, [], [], [], false);

    /// <summary>JSON lines of <paramref name="kind"/>.</summary>
    public static RecordLayout JsonLines(LogKind kind) => new(RecordFormat.JsonLines, kind, [], [], [], false);

    /// <summary>Delimited values of <paramref name="kind"/>, in the order <paramref name="columnNames"/> gives.</summary>
    /// <param name="kind">The log type of its records.</param>
    /// <param name="delimiter">What separates the values.</param>
    /// <param name="columnNames">The name of each value, in order.</param>
    /// <param name="directives">The object is W3C: its lines starting with <c>#</c> are no records.</param>
    public static RecordLayout Delimited(LogKind kind, byte[] delimiter, string[] columnNames, bool directives) =>
        new(RecordFormat.Delimited, kind, delimiter, [.. columnNames.Select(n => kind.IndexOfNamed(Encoding.UTF8.GetBytes(n)))], columnNames, directives);

    /// <summary>For messages: "JSON lines of ALB_ACCESS_LOGS", "W3C (tab-separated) ...".</summary>
    public override string ToString() => Format switch
    {
        RecordFormat.JsonLines => $"JSON lines of {Kind!.VendedLogType}",
        RecordFormat.Parquet => "Parquet",
        RecordFormat.Delimited => $"{(HasDirectives ? "W3C" : "plain")} {Kind!.VendedLogType} separated by {DelimiterName(Delimiter)}",
        _ => "legacy access-log lines",
    };

    public static string DelimiterName(ReadOnlySpan<byte> delimiter) => delimiter switch
    {
        [(byte)'\t'] => "tabs",
        [(byte)' '] => "spaces",
        [(byte)','] => "commas",
        _ => $"'{Encoding.UTF8.GetString(delimiter)}'",
    };
}
