using ElbLogProcessor.Hosting;
using ElbLogProcessor.Hosting.CommandLine;
using ElbLogProcessor.Hosting.Lambda;

namespace ElbLogProcessor;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // In Lambda the runtime starts the executable with no arguments and this variable set.
        if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 } runtimeApi)
        {
            using var runtime = new LambdaRuntimeClient(runtimeApi);
            var setup = new HostSetup { GetVariable = Environment.GetEnvironmentVariable, Log = Console.Out, Objects = ObjectSource.S3 };
            return await new LambdaBootstrap(runtime, setup).RunAsync();
        }

        await using var stdout = Console.OpenStandardOutput();
        using var signals = StopSignals.ForProcess();
        return await CommandLineApp.InvokeAsync(args, stdout, Console.Error, Console.Out, Environment.GetEnvironmentVariable, signals,
            isTerminal: !Console.IsErrorRedirected);
    }
}
