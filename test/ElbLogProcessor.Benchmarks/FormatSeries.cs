using System.Globalization;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;
using Parquet;
using Parquet.Schema;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>e2e-formats [--lines N] [--kinds alb,nlb,...] [--formats legacy,json,parquet] [--row-group N] [--codec snappy|zstd|gzip|none]
/// [--runs N] [--env NAME=VALUE]... [--against PATH]</c>: the same generated records of each kind written as legacy lines, as JSON
/// lines and as a Parquet file (every column a string, SNAPPY unless <c>--codec</c>, row groups of <c>--row-group</c>), as a CloudWatch-vended delivery to S3 writes
/// them; then, in rounds (the order of files and builds alternating), <c>process FILE &gt; /dev/null</c> of each under
/// <c>/usr/bin/time</c>. Prints per kind, format and build the min and median CPU-seconds and peak RSS, and per round
/// the ratio of each format's CPU to legacy lines' (and of this build's to <c>--against</c>'s), with their min and median.
/// </summary>
public static class FormatSeries
{
    public static int Run(string[] args)
    {
        long lines = 1_000_000;
        int runs = 5, rowGroup = 100_000;
        string[] kinds = ["alb"], formats = ["legacy", "json", "parquet"];
        string? against = null;
        var codec = CompressionMethod.Snappy;
        var environment = new Dictionary<string, string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--lines": lines = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--row-group": rowGroup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--kinds": kinds = args[i + 1].Split(','); break;
                case "--formats": formats = args[i + 1].Split(','); break;
                case "--against": against = Path.GetFullPath(args[i + 1]); break;
                case "--codec": codec = Enum.Parse<CompressionMethod>(args[i + 1], ignoreCase: true); break;
                case "--env": var parts = args[i + 1].Split('=', 2); environment[parts[0]] = parts[1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        string[] builds = against is null ? [EndToEnd.Executable] : [EndToEnd.Executable, against];
        var files = new List<(string Kind, string Format, string Path)>();
        foreach (var kind in kinds)
            foreach (var (format, path) in Files(kind, lines, rowGroup, codec, formats))
                files.Add((kind, format, path));

        var results = new List<(string Kind, string Format, string Build, int Round, EndToEnd.ProcessorRun Run)>();
        for (int round = 0; round < runs; round++)
        {
            var order = round % 2 == 0 ? files : Enumerable.Reverse(files).ToList();
            foreach (var (kind, format, path) in order)
                foreach (var build in round % 2 == 0 ? builds : builds.Reverse())
                {
                    var run = EndToEnd.RunProcessor(["process", path], environment, build, toDevNull: true);
                    if (run.ExitCode != 0 || run.Summary.GetProperty("Malformed").GetInt64() != 0)
                    {
                        Console.Error.WriteLine($"{build} {path}: exit {run.ExitCode}\n{run.Diagnostics}");
                        return 1;
                    }

                    results.Add((kind, format, build, round, run));
                    Console.WriteLine($"round {round + 1}: {kind} {format} {Path.GetFileName(build)}: {run.CpuSeconds:F2} CPU-s, peak RSS {run.PeakRssKiB / 1024.0:F1} MiB");
                }
        }

        Console.WriteLine();
        Console.WriteLine($"{runs} rounds of {lines:N0} records per file; environment: {string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))}");
        foreach (var group in results.GroupBy(r => (r.Kind, r.Format, r.Build)))
        {
            var cpu = group.Select(r => r.Run.CpuSeconds).Order().ToList();
            var rss = group.Select(r => r.Run.PeakRssKiB / 1024.0).Order().ToList();
            Console.WriteLine($"{group.Key.Kind} {group.Key.Format} ({Path.GetFileName(Path.GetDirectoryName(group.Key.Build))}/{Path.GetFileName(group.Key.Build)}): " +
                              $"CPU-s min {cpu[0]:F2} median {Median(cpu):F2}; peak RSS min {rss[0]:F1} median {Median(rss):F1} MiB; " +
                              $"{lines / Median(cpu) / 1e6:F2} M records per CPU-s");
        }

        foreach (var kind in kinds)
            foreach (var build in builds)
                foreach (var format in formats.Contains("legacy") ? formats.Where(f => f != "legacy") : [])
                    Ratio($"{kind}: {format} / legacy CPU ({Path.GetFileName(build)})",
                        r => r.Kind == kind && r.Build == build && r.Format == format, r => r.Kind == kind && r.Build == build && r.Format == "legacy");
        if (against is not null)
            foreach (var (kind, format, _) in files)
                Ratio($"{kind} {format}: this build / --against CPU",
                    r => r.Kind == kind && r.Format == format && r.Build == builds[0], r => r.Kind == kind && r.Format == format && r.Build == builds[1]);
        return 0;

        void Ratio(string title, Func<(string Kind, string Format, string Build, int Round, EndToEnd.ProcessorRun Run), bool> numerator,
            Func<(string Kind, string Format, string Build, int Round, EndToEnd.ProcessorRun Run), bool> denominator)
        {
            var ratios = Enumerable.Range(0, runs).Select(round =>
                results.Single(r => r.Round == round && numerator(r)).Run.CpuSeconds / results.Single(r => r.Round == round && denominator(r)).Run.CpuSeconds)
                .Order().ToList();
            Console.WriteLine($"{title}: per round min {ratios[0]:F2} median {Median(ratios):F2} max {ratios[^1]:F2}");
        }
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>The generated records of <paramref name="kind"/> in each format, made once and reused.</summary>
    private static IEnumerable<(string Format, string Path)> Files(string kind, long lines, int rowGroup, CompressionMethod codec, string[] formats)
    {
        var legacy = Path.Combine(Path.GetTempPath(), $"elb-bench-{kind}-{lines}.log");
        if (!File.Exists(legacy))
        {
            using var output = File.Create(legacy);
            new LogGenerator().Write(output, kind, long.MaxValue, lines);
        }

        foreach (var format in formats)
        {
            var path = format switch
            {
                "legacy" => legacy,
                "json" => legacy[..^4] + ".json",
                "parquet" => legacy[..^4] + $".rg{rowGroup}{(codec == CompressionMethod.Snappy ? "" : "." + codec.ToString().ToLowerInvariant())}.parquet",
                _ => throw new ArgumentException($"unknown format '{format}' (legacy, json, parquet)"),
            };
            if (!File.Exists(path)) Convert(legacy, path, format, rowGroup, codec);
            yield return (format, path);
        }
    }

    /// <summary>Writes the legacy file's records as JSON lines or Parquet, under the vended names of their kind.</summary>
    private static void Convert(string legacy, string path, string format, int rowGroup, CompressionMethod codec)
    {
        var parser = new LineParser();
        LogKind? kind = null;
        string[] names = [];
        var chunk = new List<string?[]>();
        using var output = File.Create(path);
        ParquetWriter? parquet = null;
        DataField<string>[] fields = [];
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        foreach (var line in File.ReadLines(legacy))
        {
            var parsed = parser.Parse(Encoding.UTF8.GetBytes(line));
            if (parsed.IsBlank || parsed.Failure is not null) continue;
            if (kind is null)
            {
                kind = parsed.Kind!;
                names = [.. kind.VendedFields.Select(f => f.Name)];
                fields = [.. names.Select(n => new DataField<string>(n, nullable: true))];
                if (format == "parquet")
                    parquet = ParquetWriter.CreateAsync(new ParquetSchema(fields), output, new ParquetOptions { CompressionMethod = codec })
                        .GetAwaiter().GetResult();
            }

            var values = new string?[names.Length];
            for (int i = 0; i < names.Length && i < parsed.Fields.Length; i++)
                values[i] = Encoding.UTF8.GetString(parsed.Value(parsed.Fields[i]));

            if (format == "json")
            {
                json.Reset(output);
                json.WriteStartObject();
                for (int i = 0; i < names.Length; i++) json.WriteString(names[i], values[i] ?? "-");
                json.WriteEndObject();
                json.Flush();
                output.WriteByte((byte)'\n');
                continue;
            }

            chunk.Add(values);
            if (chunk.Count == rowGroup) WriteRowGroup();
        }

        if (parquet is not null)
        {
            if (chunk.Count > 0) WriteRowGroup();
            parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        void WriteRowGroup()
        {
            using var group = parquet!.CreateRowGroup();
            for (int i = 0; i < fields.Length; i++)
                group.WriteAsync(fields[i], chunk.Select(v => v[i] == "-" ? null : v[i]).ToArray()).GetAwaiter().GetResult();
            chunk.Clear();
        }
    }
}
