using System.Diagnostics;

namespace ElbLogProcessor.Tests;

/// <summary>Runs an executable (dotnet, build.ps1, a packaged bootstrap, objdump) in the repository's root to its end.</summary>
internal static class ChildProcess
{
    /// <summary>The exit code, and stdout followed by stderr.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments) =>
        RunAsync(file, arguments, stderr: true);

    /// <param name="file">The executable.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="stderr">Whether stderr follows stdout in the output (it always does when the run failed).</param>
    /// <param name="environment">Variables set for the run, beside this process's own.</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] arguments, bool stderr,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = RepositoryFiles.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + (stderr || process.ExitCode != 0 ? await errors : ""));
    }
}
