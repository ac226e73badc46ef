using ElbLogProcessor.Hosting;

namespace ElbLogProcessor;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await using var stdout = Console.OpenStandardOutput();
        var root = CommandLine.Build(stdout, Console.Error, Environment.GetEnvironmentVariable);
        return await root.Parse(args).InvokeAsync();
    }
}
