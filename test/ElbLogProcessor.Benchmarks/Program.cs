using BenchmarkDotNet.Running;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>generate ...</c> writes a test log (see <see cref="LogGenerator.Generate"/>);
/// <c>e2e-logstash ...</c>, <c>e2e-s3 ...</c> and <c>e2e-backfill ...</c> run the end-to-end benchmarks (see <see cref="EndToEnd"/>);
/// anything else goes to BenchmarkDotNet (e.g. <c>--filter *Parse*</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "generate") return LogGenerator.Generate(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-logstash") return await EndToEnd.LogstashAsync(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-s3") return await EndToEnd.S3Async(args[1..]);
        if (args.Length > 0 && args[0] == "e2e-backfill") return await EndToEnd.BackfillAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
