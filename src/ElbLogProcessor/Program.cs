using ElbLogProcessor.Hosting;

namespace ElbLogProcessor;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await using var stdout = Console.OpenStandardOutput();
        return await CommandLine.InvokeAsync(args, stdout, Console.Error, Console.Out, Environment.GetEnvironmentVariable);
    }
}
