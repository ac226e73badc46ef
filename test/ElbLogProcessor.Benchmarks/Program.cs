using BenchmarkDotNet.Running;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>generate ...</c> writes a test log (see <see cref="LogGenerator.Generate"/>);
/// anything else goes to BenchmarkDotNet (e.g. <c>--filter *Parse*</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "generate") return LogGenerator.Generate(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
