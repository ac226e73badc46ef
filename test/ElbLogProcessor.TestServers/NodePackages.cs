using System.Diagnostics;

namespace ElbLogProcessor.TestServers;

/// <summary>
/// The npm packages the tests use (test/ElbLogProcessor.TestServers/node/package.json: s3rver, and AWS's service
/// specification), installed on first use with <c>npm ci</c> from the lock file copied beside the test binaries.
/// Needs Node.js and npm, and fails loudly (never skips) without them.
/// </summary>
public static class NodePackages
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The folder holding <c>package.json</c> and <c>node_modules</c>.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "node");

    /// <summary>Runs <c>npm ci</c> when <paramref name="file"/> (a path under <c>node_modules</c>) is missing; returns its full path.</summary>
    public static async Task<string> EnsureInstalledAsync(string file)
    {
        var path = Path.Combine(Directory, "node_modules", file);
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(path)) return path;
            var npm = Start(new ProcessStartInfo("npm", "ci --no-audit --no-fund --loglevel=error")
            {
                WorkingDirectory = Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = await npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
                throw new InvalidOperationException($"npm ci in {Directory} failed ({npm.ExitCode}): {errors} {await output}");
            if (!File.Exists(path)) throw new InvalidOperationException($"npm ci in {Directory} installed no {file}");
            return path;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Starts a process, saying what is missing when it is not installed.</summary>
    internal static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"'{start.FileName}' was not found: Node.js 20 with npm is required for the tests that use npm packages ({e.Message})", e);
        }
    }
}
