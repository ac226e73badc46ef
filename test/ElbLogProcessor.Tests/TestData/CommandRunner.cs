using System.Text;
using System.Text.Json;
using ElbLogProcessor.Hosting.CommandLine;

namespace ElbLogProcessor.Tests;

/// <summary>Runs the command line in-process, as the executable would, with a given environment.</summary>
internal static class CommandRunner
{
    public static Task<CommandResult> Run(params string[] args) => Run(new Variables(), args);

    public static Task<CommandResult> Run(Func<string, string?> environment, params string[] args) =>
        Run(environment, CancellationToken.None, args);

    /// <param name="environment">The variables the command sees.</param>
    /// <param name="interrupt">Cancelled as Ctrl+C would be (each cancellation of a token is one Ctrl+C).</param>
    /// <param name="args">The command line.</param>
    public static Task<CommandResult> Run(Func<string, string?> environment, CancellationToken interrupt, params string[] args) =>
        Run(environment, interrupt, isTerminal: false, args);

    /// <param name="environment">The variables the command sees.</param>
    /// <param name="interrupt">Cancelled as Ctrl+C would be.</param>
    /// <param name="isTerminal">Stderr is taken for a terminal a person watches.</param>
    /// <param name="args">The command line.</param>
    public static async Task<CommandResult> Run(Func<string, string?> environment, CancellationToken interrupt, bool isTerminal, params string[] args)
    {
        var output = new MemoryStream();
        var diagnostics = new StringWriter();
        using var signals = StopSignals.Manual();
        await using var ctrlC = interrupt.Register(signals.Request);
        var host = new Hosting.HostSetup { GetVariable = environment, Log = TextWriter.Synchronized(diagnostics), NdjsonOutput = output };
        int exitCode = await CommandLineApp.InvokeAsync(args, host, diagnostics, signals, isTerminal);
        var events = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var text = diagnostics.ToString();
        var summaryLine = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(l => l.Contains("\"ElbLogProcessor summary\""));
        var summary = summaryLine is null ? default : JsonDocument.Parse(summaryLine).RootElement.Clone();
        return new CommandResult(exitCode, events, text, summary);
    }
}
