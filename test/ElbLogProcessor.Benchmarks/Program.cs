using BenchmarkDotNet.Running;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>generate ...</c> writes a test log (see <see cref="LogGenerator.Generate"/>);
/// <c>e2e-logstash ...</c>, <c>e2e-s3 ...</c>, <c>e2e-backfill ...</c> and <c>e2e-startup ...</c> run the end-to-end benchmarks (see <see cref="EndToEnd"/>);
/// <c>e2e-formats ...</c> compares legacy lines, JSON lines and Parquet of the same records (see <see cref="FormatSeries"/>);
/// <c>e2e-terminal ...</c> what the live line on a terminal costs (see <see cref="TerminalSeries"/>);
/// <c>filter-cost ...</c> what DROP_WHEN and SAMPLE_WHEN cost per line, as a ratio (see <see cref="FilterCost"/>);
/// with <c>--published-aot</c> they run the function published as <c>build.ps1</c> publishes it (NativeAOT), with
/// <c>--published</c> the ReadyToRun build (the package before NativeAOT), with <c>--executable PATH</c> that build,
/// with <c>--cpus LIST</c> pinned to those CPUs, and with
/// <c>--profile DIR</c> under <c>perf record</c>, each run followed by its CPU per stage of the flow (<see cref="StageProfile"/>);
/// anything else goes to BenchmarkDotNet (e.g. <c>--filter *Parse*</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        EndToEnd.Cpus = TakeOption(ref args, "--cpus");
        if (TakeOption(ref args, "--profile") is { } profile) StageProfile.OutputDirectory = Path.GetFullPath(profile);
        if (TakeOption(ref args, "--executable") is { } executable) EndToEnd.UseExecutable(executable);

        if (args.Contains("--published") || args.Contains("--published-aot"))
        {
            EndToEnd.UsePublished(nativeAot: args.Contains("--published-aot"));
            args = [.. args.Where(a => a is not ("--published" or "--published-aot"))];
        }

        if (args.Length > 0 && args[0] == "generate") return LogGenerator.Generate(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-logstash") return await EndToEnd.LogstashAsync(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-s3") return await EndToEnd.S3Async(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-backfill") return await EndToEnd.BackfillAsync(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-startup") return await EndToEnd.StartupAsync(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-formats") return FormatSeries.Run(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-terminal") return TerminalSeries.Run(args[1..]);
        if (args.Length > 0 && args[0] == "filter-cost") return FilterCost.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    /// <summary>The value of <c>name VALUE</c> in <paramref name="args"/>, which lose both; null when absent.</summary>
    private static string? TakeOption(ref string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0 || at + 1 >= args.Length) return null;
        var value = args[at + 1];
        args = [.. args[..at], .. args[(at + 2)..]];
        return value;
    }
}
