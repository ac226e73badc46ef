using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The built executable (<c>dotnet ElbLogProcessor.dll</c>, beside the tests), run as a person runs it: a
/// process of its own, with only the variables a test gives (none of this machine's AWS or Logstash
/// settings), and signals sent to it as a terminal sends them.
/// </summary>
internal static partial class Executable
{
    public const int SigInt = 2, SigTerm = 15;

    private static readonly string[] Inherited = ["PATH", "HOME", "DOTNET_ROOT", "TMPDIR", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO"];

    /// <summary>A started run: the process, and its stdout and stderr as they are read.</summary>
    internal sealed class Run(Process process) : IDisposable
    {
        private readonly StringBuilder _stdout = new(), _stderr = new();

        public Process Process { get; } = process;

        public string Stderr
        {
            get { lock (_stderr) return _stderr.ToString(); }
        }

        internal void Start()
        {
            Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.Append(e.Data).Append('\n'); };
            Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Append(e.Data).Append('\n'); };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        /// <summary>Sends <paramref name="signal"/> (<see cref="SigInt"/>: Ctrl+C) to the process.</summary>
        public void Signal(int signal)
        {
            if (kill(Process.Id, signal) != 0) throw new InvalidOperationException($"kill({Process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        /// <summary>Waits for the exit (killing the process after <paramref name="timeout"/>, which fails the test).</summary>
        public async Task<(int ExitCode, string Stdout, string Stderr)> ExitAsync(TimeSpan timeout)
        {
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await Process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the executable did not exit within {timeout}; stderr so far:\n{Stderr}");
            }

            Process.WaitForExit();   // the output readers have drained
            lock (_stdout) return (Process.ExitCode, _stdout.ToString(), Stderr);
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    /// <summary>Starts the executable with <paramref name="arguments"/> and exactly <paramref name="variables"/>.</summary>
    public static Run Start(IReadOnlyDictionary<string, string> variables, params string[] arguments)
    {
        // A test host started in the background may ignore SIGINT, and its children would too (as shells make background jobs):
        // the child must take Ctrl+C as a terminal's foreground process does.
        if (InterruptIgnored()) signal(SigInt, IntPtr.Zero);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepositoryFiles.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ElbLogProcessor.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        GiveOnly(start, variables);
        var run = new Run(Process.Start(start)!);
        run.Start();
        return run;
    }

    /// <summary>The process gets <paramref name="variables"/> and the few it needs to run (<see cref="Inherited"/>), nothing else of this machine's.</summary>
    private static void GiveOnly(ProcessStartInfo start, IReadOnlyDictionary<string, string> variables)
    {
        start.Environment.Clear();
        foreach (var name in Inherited)
            if (Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;
        foreach (var (name, value) in variables) start.Environment[name] = value;
    }

    /// <summary>Runs the executable to its end.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> variables,
        params string[] arguments)
    {
        using var run = Start(variables, arguments);
        return await run.ExitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>
    /// Runs the executable from bash with its stdout given to <paramref name="stdout"/> (<c>| head -1 &gt;/dev/null</c>,
    /// <c>&gt;&amp;-</c>, <c>&gt;/dev/full</c>), as a person types it; its own exit code (not the pipe's) and stderr.
    /// </summary>
    public static async Task<(int ExitCode, string Stderr)> RunWithStdoutAsync(string stdout, IReadOnlyDictionary<string, string> variables,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, WorkingDirectory = RepositoryFiles.Root };
        foreach (var argument in (string[])["-c", $"dotnet \"$@\" {stdout}; exit ${{PIPESTATUS[0]}}", "bash",
                     Path.Combine(AppContext.BaseDirectory, "ElbLogProcessor.dll"), .. arguments])
            start.ArgumentList.Add(argument);
        GiveOnly(start, variables);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stderr);
    }

    /// <summary>Stderr holds no stack trace and no "Unhandled exception".</summary>
    public static void AssertNoStackTrace(string stderr)
    {
        Assert.DoesNotContain("   at ", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
        Assert.DoesNotContain("--- End of", stderr);
        Assert.DoesNotContain("Exception:", stderr);
    }

    /// <summary>SIGINT is in this process's ignored set (<c>SigIgn</c> of /proc/self/status, bit 2).</summary>
    private static bool InterruptIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (SigInt - 1))) != 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    private static partial IntPtr signal(int signal, IntPtr handler);
}
