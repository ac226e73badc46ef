using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>e2e-terminal [--lines N] [--runs N]</c>: what the live line costs. <c>process FILE &gt; /dev/null</c> of a generated
/// classic log with stderr on a terminal (a pseudo-terminal made by <c>script</c>), in rounds alternating the live line and
/// ending with <c>--json</c> (no live line, the JSON summary); prints each run's CPU-seconds (user + system of
/// <c>script</c> and the executable, from <c>/usr/bin/time</c>), their min and median, and the ratio live / JSON per round.
/// </summary>
public static partial class TerminalSeries
{
    public static int Run(string[] args)
    {
        long lines = 2_000_000;
        int runs = 5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--lines": lines = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var log = EndToEnd.EnsureClassicLog(lines);
        var cpu = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        var ratios = new List<double>();
        for (int round = 0; round < runs; round++)
        {
            bool[] order = round % 2 == 0 ? [true, false] : [false, true];
            var thisRound = new Dictionary<bool, double>();
            foreach (bool live in order)
            {
                var (exitCode, seconds, output) = RunOnTerminal(log, live);
                if (exitCode != 0)
                {
                    Console.Error.WriteLine($"exit {exitCode}:\n{output}");
                    return 1;
                }

                cpu[live].Add(seconds);
                thisRound[live] = seconds;
                Console.WriteLine($"round {round + 1}: {(live ? "live line" : "--json   ")}: {seconds:F2} CPU-s");
            }

            ratios.Add(thisRound[true] / thisRound[false]);
        }

        Console.WriteLine();
        Console.WriteLine($"{runs} rounds of process of {lines:N0} classic lines, stderr on a pseudo-terminal");
        foreach (var (live, list) in cpu)
        {
            var sorted = list.Order().ToList();
            Console.WriteLine($"{(live ? "live line" : "--json")}: CPU-s min {sorted[0]:F2} median {Median(sorted):F2}");
        }

        var r = ratios.Order().ToList();
        Console.WriteLine($"live / --json CPU per round: min {r[0]:F3} median {Median(r):F3}");
        return 0;
    }

    private static (int ExitCode, double CpuSeconds, string Output) RunOnTerminal(string log, bool live)
    {
        string executable = EndToEnd.Executable;
        string command = (executable.EndsWith(".dll", StringComparison.Ordinal) ? $"exec dotnet '{executable}'" : $"exec '{executable}'") +
                         $" process '{log}'" + (live ? "" : " --json") + " > /dev/null";
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["-v", "script", "-qec", command, "/dev/null"]) start.ArgumentList.Add(a);
        start.Environment.Remove("LOGSTASH_URL");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var times = process.StandardError.ReadToEnd();
        process.WaitForExit();
        double Seconds(Regex r) => double.Parse(r.Match(times).Groups[1].Value, CultureInfo.InvariantCulture);
        return (process.ExitCode, Seconds(UserTime()) + Seconds(SystemTime()), output.Result + times);
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    [GeneratedRegex(@"User time \(seconds\): ([\d.]+)")]
    private static partial Regex UserTime();

    [GeneratedRegex(@"System time \(seconds\): ([\d.]+)")]
    private static partial Regex SystemTime();
}
