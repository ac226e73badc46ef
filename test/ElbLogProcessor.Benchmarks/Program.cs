using BenchmarkDotNet.Running;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>generate ...</c> writes a test log (see <see cref="LogGenerator.Generate"/>);
/// <c>e2e-logstash ...</c>, <c>e2e-s3 ...</c>, <c>e2e-backfill ...</c> and <c>e2e-startup ...</c> run the end-to-end benchmarks (see <see cref="EndToEnd"/>);
/// with <c>--published</c> they run the function published as <c>build.ps1</c> publishes it (ReadyToRun), with
/// <c>--published-aot</c> published as a NativeAOT executable, with <c>--cpus LIST</c> pinned to those CPUs, and with
/// <c>--profile DIR</c> under <c>perf record</c>, each run followed by its CPU per stage of the flow (<see cref="StageProfile"/>);
/// anything else goes to BenchmarkDotNet (e.g. <c>--filter *Parse*</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (Array.IndexOf(args, "--cpus") is var cpus and >= 0 && cpus + 1 < args.Length)
        {
            EndToEnd.Cpus = args[cpus + 1];
            args = [.. args[..cpus], .. args[(cpus + 2)..]];
        }

        if (Array.IndexOf(args, "--profile") is var profile and >= 0 && profile + 1 < args.Length)
        {
            StageProfile.OutputDirectory = Path.GetFullPath(args[profile + 1]);
            args = [.. args[..profile], .. args[(profile + 2)..]];
        }

        if (Array.IndexOf(args, "--executable") is var at and >= 0 && at + 1 < args.Length)
        {
            EndToEnd.UseExecutable(args[at + 1]);
            args = [.. args[..at], .. args[(at + 2)..]];
        }

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
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
