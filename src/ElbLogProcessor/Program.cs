using ElbLogProcessor.Hosting;
using ElbLogProcessor.Hosting.CommandLine;
using ElbLogProcessor.Hosting.Lambda;

namespace ElbLogProcessor;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // In Lambda the runtime starts the executable with no arguments and this variable set; its log is stdout.
        var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        await using var stdout = StandardOutput.Open();
        var host = runtimeApi is { Length: > 0 }
            ? new HostSetup { GetVariable = Environment.GetEnvironmentVariable, Log = Console.Out }
            : new HostSetup { GetVariable = Environment.GetEnvironmentVariable, Log = Console.Error, NdjsonOutput = stdout };
        if (runtimeApi is { Length: > 0 })
        {
            using var runtime = new LambdaRuntimeClient(runtimeApi);
            return await new LambdaBootstrap(runtime, host).RunAsync();
        }

        using var signals = StopSignals.ForProcess();
        return await CommandLineApp.InvokeAsync(args, host, Console.Out, signals, isTerminal: !Console.IsErrorRedirected);
    }
}
