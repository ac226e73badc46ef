using ElbLogProcessor.Hosting;

namespace ElbLogProcessor;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // In Lambda the runtime starts the executable with no arguments and this variable set.
        if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 } runtimeApi)
        {
            using var runtime = new LambdaRuntimeClient(runtimeApi);
            return await new LambdaHost(runtime, Environment.GetEnvironmentVariable, Console.Out).RunAsync();
        }

        await using var stdout = Console.OpenStandardOutput();
        return await CommandLine.InvokeAsync(args, stdout, Console.Error, Console.Out, Environment.GetEnvironmentVariable);
    }
}
