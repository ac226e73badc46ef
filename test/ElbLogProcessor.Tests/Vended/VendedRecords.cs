using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;
using Parquet;
using Parquet.Schema;

namespace ElbLogProcessor.Tests;

/// <summary>A legacy line of a kind AWS also delivers vended, and its values by position, as the parser read them.</summary>
/// <param name="Kind">Its log kind.</param>
/// <param name="Line">The legacy line.</param>
/// <param name="Values">Each field's value (quotes and escapes resolved).</param>
/// <param name="Quoted">Whether the line wrote the field in quotes.</param>
internal sealed record LegacyRecord(LogKind Kind, string Line, string[] Values, bool[] Quoted)
{
    /// <summary>
    /// Every line of AWS's documented examples, the bundled samples, the golden edge cases and the peer cases of a vended
    /// kind that reads clean, with no extra fields.
    /// </summary>
    public static IReadOnlyList<LegacyRecord> All { get; } = Load();

    private static List<LegacyRecord> Load()
    {
        var lines = new List<string>();
        foreach (var sample in new[] { "alb.log.gz", "nlb.log.gz", "alb-connection.log.gz", "alb-health-check.log.gz" })
            lines.AddRange(Encoding.UTF8.GetString(Gzip.Decompress(File.ReadAllBytes(RepositoryFiles.Path("deploy", "samples", sample)))).Split('\n'));
        lines.AddRange(File.ReadAllLines(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Golden", "edge-cases.log")));
        foreach (var peer in new[] { "application-lb-http.log", "example-alb-http.log", "example-nlb-tcp.log" })
            lines.AddRange(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "PeerCases", peer)));
        lines.AddRange([LogLines.Alb, LogLines.Nlb, .. LogLines.Connection, .. LogLines.HealthCheck]);
        lines.AddRange(DocumentedLines());

        var parser = new LineParser();
        var records = new List<LegacyRecord>();
        foreach (var line in lines.Distinct())
        {
            var parsed = parser.Parse(Encoding.UTF8.GetBytes(line));
            if (parsed.IsBlank || parsed.Failure is not null || parsed.Kind!.VendedLogType is null || parsed.Fields.Length > parsed.Kind.Fields.Length) continue;
            if (parsed.ValuesNeedEscaping && !Utf8Text(parsed)) continue;
            var values = new string[parsed.Fields.Length];
            var quoted = new bool[parsed.Fields.Length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Encoding.UTF8.GetString(parsed.Value(parsed.Fields[i]));
                quoted[i] = parsed.Fields[i].Quoted;
            }

            records.Add(new LegacyRecord(parsed.Kind, line, values, quoted));
        }

        return records;
    }

    /// <summary>
    /// AWS's documented example lines: every string literal in DocumentedExampleTests.cs that is a log line (what it
    /// checks field by field), concatenated literals joined, unescaped.
    /// </summary>
    public static IEnumerable<string> DocumentedLines() =>
        System.Text.RegularExpressions.Regex.Matches(
                // "..." +\n "..." is one literal
                System.Text.RegularExpressions.Regex.Replace(
                    File.ReadAllText(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Unit", "DocumentedExampleTests.cs")), "\"\\s*\\+\\s*\"", ""),
                """ "((?:(?:http|https|h2|grpcs|ws|wss|tls|lambda) |\d{4}-\d\d-\d\dT)(?:[^"\\]|\\.)*)" """.Trim())
            .Select(m => m.Groups[1].Value.Replace("\\\"", "\"").Replace("\\\\", "\\"))
            .Where(line => line.Contains(' '));

    /// <summary>The line is valid UTF-8 as written (a repaired one is no record a vended delivery would hold byte for byte).</summary>
    private static bool Utf8Text(ParsedLine parsed) => System.Text.Unicode.Utf8.IsValid(parsed.Text);

    /// <summary>The names of the record's fields: every field the line has, and every field a vended record of its kind carries.</summary>
    public string[] Names => [.. Kind.Fields.Take(Math.Max(Values.Length, Kind.VendedFields.Length)).Select(f => f.Name)];

    /// <summary>The value at <paramref name="i"/>, or null where the line has no such field (an older layout).</summary>
    public string? ValueAt(int i) => i < Values.Length ? Values[i] : null;
}

/// <summary>The shapes a CloudWatch-vended delivery to S3 writes (docs/log-formats.md), made from legacy records.</summary>
internal static class VendedShapes
{
    /// <summary>
    /// Every shape's name and the object it makes of records of one kind. A shape whose name says "doubles" holds
    /// timings as floating-point numbers, which keep a timing's value but not how many decimals the log wrote
    /// (<c>0.000</c> is 0): its events are equal to the legacy line's by value, not byte for byte.
    /// </summary>
    public static readonly (string Name, Func<IReadOnlyList<LegacyRecord>, byte[]> Make)[] All =
    [
        ("json, every value a string", records => Json(records, typed: false, name => name, JavaScriptEncoder.Default)),
        ("json, numbers and null, names with colons", records => Json(records, typed: true, name => name.Replace('_', ':'), JavaScriptEncoder.UnsafeRelaxedJsonEscaping)),
        ("json, gzip, names in capitals with dashes", records => Gzip.Compress(Json(records, typed: true, name => name.Replace('_', '-').ToUpperInvariant(), JavaScriptEncoder.Default))),
        ("w3c, tabs", records => Delimited(records, "\t", header: true, reversed: false, doubledQuotes: false)),
        ("w3c, spaces, columns in another order", records => Delimited(records, " ", header: true, reversed: true, doubledQuotes: false)),
        ("plain, tabs", records => Delimited(records, "\t", header: false, reversed: false, doubledQuotes: false)),
        ("plain, commas, \"\" in quotes", records => Delimited(records, ",", header: false, reversed: false, doubledQuotes: true)),
        ("plain, ' || '", records => Gzip.Compress(Delimited(records, " || ", header: false, reversed: false, doubledQuotes: false))),
        ("parquet, snappy, every column a string, row groups of 7", records => Parquet(records, CompressionMethod.Snappy, typed: false, rowGroup: 7)),
        ("parquet, zstd, numbers typed, timings as doubles", records => Parquet(records, CompressionMethod.Zstd, typed: true, rowGroup: 50)),
        ("parquet, gzip, one row group", records => Parquet(records, CompressionMethod.Gzip, typed: false, rowGroup: 100_000)),
        ("parquet, uncompressed, numbers typed, timings as doubles", records => Parquet(records, CompressionMethod.None, typed: true, rowGroup: 3)),
    ];

    /// <summary>
    /// A Parquet file of the records, one column per name (every column optional, a null where the line has no value),
    /// as strings, or (<paramref name="typed"/>) with timings as doubles and counts as longs.
    /// </summary>
    public static byte[] Parquet(IReadOnlyList<LegacyRecord> records, CompressionMethod codec, bool typed, int rowGroup)
    {
        var kind = records[0].Kind;
        var names = records.MaxBy(r => r.Names.Length)!.Names;
        var fields = names.Select((name, i) => typed && kind.Fields[i].Kind is ValueKind.Seconds
                ? new DataField<double?>(name)
                : typed && kind.Fields[i].IsNumber ? new DataField<long?>(name) : (DataField)new DataField<string>(name, nullable: true))
            .ToArray();
        var output = new MemoryStream();
        Write(output, fields, codec, records.Chunk(rowGroup).Select(chunk => fields.Select((field, i) =>
        {
            var values = chunk.Select(r => r.ValueAt(i) is { } v && !(v == "-" && !r.Quoted.ElementAtOrDefault(i)) ? v : null).ToArray();
            return field switch
            {
                DataField<double?> => (Array)values.Select(v => v is null ? (double?)null : double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                DataField<long?> => values.Select(v => v is null ? (long?)null : long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                _ => values,
            };
        }).ToArray()));
        return output.ToArray();
    }

    /// <summary>One JSON object per line; absent values as <c>-</c> (strings) or null (typed, where numbers are numbers).</summary>
    public static byte[] Json(IEnumerable<LegacyRecord> records, bool typed, Func<string, string> name, JavaScriptEncoder encoder)
    {
        var output = new MemoryStream();
        foreach (var record in records)
        {
            using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = encoder }))
            {
                json.WriteStartObject();
                var names = record.Names;
                for (int i = 0; i < names.Length; i++)
                {
                    var value = record.ValueAt(i);
                    json.WritePropertyName(name(names[i]));
                    bool absent = value is null || (value == "-" && !record.Quoted.ElementAtOrDefault(i));
                    if (absent && typed) json.WriteNullValue();
                    else if (absent) json.WriteStringValue("-");
                    else if (typed && record.Kind.Fields[i].IsNumber && IsJsonNumber(value!)) json.WriteRawValue(value!);
                    else json.WriteStringValue(value);
                }

                json.WriteEndObject();
            }

            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }

    private static bool IsJsonNumber(string value)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(value));
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.Number && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A Parquet file of <paramref name="fields"/>: each row group one array per field (strings, nullable doubles or longs).</summary>
    public static void Write(Stream output, DataField[] fields, CompressionMethod codec, IEnumerable<Array[]> rowGroups)
    {
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), output, new ParquetOptions { CompressionMethod = codec }).GetAwaiter().GetResult();
        foreach (var columns in rowGroups)
        {
            using var group = writer.CreateRowGroup();
            for (int i = 0; i < fields.Length; i++)
            {
                var written = columns[i] switch
                {
                    double?[] doubles => group.WriteAsync<double>(fields[i], doubles.AsMemory()),
                    long?[] longs => group.WriteAsync<long>(fields[i], longs.AsMemory()),
                    string?[] strings => group.WriteAsync(fields[i], strings),
                    var other => throw new ArgumentException($"no column of {other.GetType()}"),
                };
                written.GetAwaiter().GetResult();
            }
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Values joined by <paramref name="delimiter"/>; quoted where the legacy line quoted them or where they hold the delimiter.</summary>
    public static byte[] Delimited(IEnumerable<LegacyRecord> records, string delimiter, bool header, bool reversed, bool doubledQuotes)
    {
        var text = new StringBuilder();
        var list = records.ToList();
        if (header)
        {
            var names = list.Count == 0 ? [] : list[0].Names;
            text.Append("#Version: 1.0\n#Fields: ").AppendJoin(' ', reversed ? names.Reverse() : names).Append('\n');
        }

        foreach (var record in list)
        {
            var values = record.Names.Select((_, i) => Write(record.ValueAt(i), record.Quoted.ElementAtOrDefault(i), delimiter, doubledQuotes));
            text.AppendJoin(delimiter, reversed ? values.Reverse() : values).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Write(string? value, bool quoted, string delimiter, bool doubledQuotes)
    {
        if (value is null) return "-";
        if (!quoted && !value.Contains(delimiter) && !value.StartsWith('"') && value.Length > 0) return value;
        var escaped = doubledQuotes ? value.Replace("\"", "\"\"") : value.Replace("\\", "\\\\").Replace("\"", "\\\"");
        return $"\"{escaped}\"";
    }
}
