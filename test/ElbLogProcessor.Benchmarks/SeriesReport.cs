using System.Globalization;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// The summary of an <c>e2e-s3</c> series: per build and gzip setting, min / median / max of the large object's
/// CPU-seconds and lines per second, its peak RSS and the ratio to the small object's, each with how many runs met
/// issue 10's target (for its run of 1,000,000 lines against 50,000); and, for two builds, in how many rounds the
/// first did better than the second, split by which of the two ran first.
/// </summary>
internal sealed class SeriesReport(string[] builds, long lines, long small)
{
    // Issue 10's acceptance, per run of the large object.
    private const double CpuTargetGzipOn = 2.6, CpuTargetGzipOff = 1.6;
    private const double LinesPerSecondTarget = 250_000;
    private const long PeakRssTargetBytes = 128_000_000;
    private const double RssRatioTarget = 1.3;

    private readonly record struct Entry(string Build, bool Gzip, int Round, int Position, EndToEnd.ProcessorRun Small, EndToEnd.ProcessorRun Large)
    {
        public double LinesPerSecond => Large.Summary.GetProperty("Lines").GetInt64() / Large.Wall.TotalSeconds;
        public double PeakMiB => Large.PeakRssKiB / 1024.0;
        public double RssRatio => (double)Large.PeakRssKiB / Small.PeakRssKiB;
    }

    /// <summary>The targets are for issue 10's run: 1,000,000 lines, and the ratio to 50,000.</summary>
    private readonly bool _targetsApply = lines == 1_000_000 && small == 50_000;

    private readonly List<Entry> _entries = [];
    private readonly List<double> _pace = [];

    public void AddPace(double cpuSeconds) => _pace.Add(cpuSeconds);

    public void Add(string build, bool gzip, int round, int position, EndToEnd.ProcessorRun smallRun, EndToEnd.ProcessorRun largeRun) =>
        _entries.Add(new Entry(build, gzip, round, position, smallRun, largeRun));

    public void Print(TextWriter output)
    {
        int rounds = _entries.Count == 0 ? 0 : _entries.Max(e => e.Round) + 1;
        output.WriteLine();
        output.WriteLine($"series: {rounds} rounds of {lines:N0} and {small:N0} lines; " +
                         string.Join(", ", builds.Select((b, i) => $"{Label(i)} = {b}")) +
                         (builds.Length > 1 ? " (the order alternates from round to round)" : ""));
        if (_pace.Count > 0)
            output.WriteLine($"the hour's speed, process {lines:N0} lines > /dev/null: CPU-s {Spread(_pace, "F2")}");

        foreach (bool gzip in _entries.Select(e => e.Gzip).Distinct())
        {
            for (int b = 0; b < builds.Length; b++)
            {
                var runs = _entries.Where(e => e.Gzip == gzip && e.Build == builds[b]).ToList();
                double cpuTarget = gzip ? CpuTargetGzipOn : CpuTargetGzipOff;
                var cpu = runs.Select(e => e.Large.CpuSeconds).ToList();
                var rate = runs.Select(e => e.LinesPerSecond).ToList();
                var peak = runs.Select(e => e.PeakMiB).ToList();
                var ratio = runs.Select(e => e.RssRatio).ToList();
                output.WriteLine($"gzip {(gzip ? "on" : "off")}, {Label(b)}, min / median / max of {runs.Count}:");
                output.WriteLine($"  CPU-s {Spread(cpu, "F2")}{Met(cpu, c => c <= cpuTarget, $"<= {cpuTarget}")}");
                output.WriteLine($"  lines/s {Spread(rate, "N0")}{(gzip ? Met(rate, r => r >= LinesPerSecondTarget, $">= {LinesPerSecondTarget:N0}") : "")}");
                output.WriteLine($"  peak RSS {Spread(peak, "F1")} MiB{Met(runs.Select(e => e.Large.PeakRssKiB * 1024.0).ToList(), p => p <= PeakRssTargetBytes, "<= 128 MB")}");
                output.WriteLine($"  peak RSS {lines:N0} / {small:N0} lines {Spread(ratio, "F2")}x{Met(ratio, r => r <= RssRatioTarget, $"<= {RssRatioTarget}x")}");
            }

            if (builds.Length == 2) PrintPairs(output, gzip);
        }
    }

    /// <summary>Per round, A against B: who used less CPU and less memory, split by which ran first.</summary>
    private void PrintPairs(TextWriter output, bool gzip)
    {
        var pairs = _entries.Where(e => e.Gzip == gzip && e.Build == builds[0])
            .Select(a => (A: a, B: _entries.Single(e => e.Gzip == gzip && e.Build == builds[1] && e.Round == a.Round)))
            .ToList();
        string Wins(Func<Entry, double> measure)
        {
            var first = pairs.Where(p => p.A.Position == 0).ToList();
            var second = pairs.Where(p => p.A.Position == 1).ToList();
            int Won(IEnumerable<(Entry A, Entry B)> some) => some.Count(p => measure(p.A) < measure(p.B));
            return $"{Won(pairs)} of {pairs.Count} rounds ({Won(first)} of {first.Count} where A ran first, {Won(second)} of {second.Count} where it ran second)";
        }

        output.WriteLine($"gzip {(gzip ? "on" : "off")}, A against B: A used less CPU in {Wins(e => e.Large.CpuSeconds)}; " +
                         $"a lower peak RSS in {Wins(e => e.Large.PeakRssKiB)}");
    }

    private static string Label(int build) => build == 0 ? "A" : "B";

    /// <summary>" (target: k of n)", when the run is the one the targets are for.</summary>
    private string Met(List<double> values, Func<double, bool> met, string target) =>
        _targetsApply ? $" ({target}: {values.Count(met)} of {values.Count})" : "";

    private static string Spread(List<double> values, string format)
    {
        var sorted = values.Order().ToList();
        int n = sorted.Count;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return string.Join(" / ", new[] { sorted[0], median, sorted[^1] }.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
    }
}
