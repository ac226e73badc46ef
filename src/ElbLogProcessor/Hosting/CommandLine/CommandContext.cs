using System.CommandLine;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>What every command is given: the process's environment and output (<see cref="Host"/>), and Ctrl+C.</summary>
/// <param name="Host">The environment; its log is stderr (summaries, errors, progress), its NDJSON output stdout.</param>
/// <param name="Signals">Ctrl+C and SIGTERM: the first stops gracefully, the second at once.</param>
/// <param name="IsTerminal">Diagnostics go to a terminal a person watches (progress is drawn live there, endings are tables).</param>
internal sealed record CommandContext(HostSetup Host, StopSignals Signals, bool IsTerminal = false)
{
    /// <summary>NDJSON events, when no Logstash is configured (stdout).</summary>
    public Stream Output => Host.NdjsonOutput;

    /// <summary>Summaries, errors and progress (stderr).</summary>
    public TextWriter Diagnostics => Host.Log;

    /// <summary>
    /// Starts what a command uses (<paramref name="start"/>: one of the host services); a configuration or environment
    /// problem is one line on stderr (<c>configuration error: VARIABLE: ...</c>) and a null result.
    /// </summary>
    public async Task<T?> StartAsync<T>(Func<HostSetup, CancellationToken, Task<T>> start) where T : class
    {
        try
        {
            return await start(Host, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            await Diagnostics.WriteLineAsync($"configuration error: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A command line that cannot be used as given (not a location, not a queue URL): one line, and nothing is done.</summary>
    public async Task<int> UsageErrorAsync(string problem)
    {
        await Diagnostics.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
        return ExitCodes.BadConfiguration;
    }

    /// <summary>From now on, the first Ctrl+C says on stderr that the command is stopping, and how to stop it at once.</summary>
    public void SayStopping(string what = "delivering what was read") => Signals.OnFirstRequest = () =>
        Diagnostics.WriteLine($"stopping at the next batch boundary: {what} (up to {StopSignals.GracefulStop.TotalMinutes:0} min; " +
                              "Ctrl+C again to stop at once)");

    /// <summary>
    /// Runs <paramref name="run"/> when <paramref name="command"/> is given, guarded: a failure a person can act on that the
    /// command did not catch with more context is still one line (exit 1, or 2 for configuration); anything else is a
    /// defect, reported as such.
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, Task<int>> run) =>
        command.SetAction((parseResult, _) => GuardedAsync(() => run(parseResult)));

    private async Task<int> GuardedAsync(Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Signals.StopRequested)
        {
            await Diagnostics.WriteLineAsync("interrupted: stopped before anything was sent").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (FailureCause.Of(e) is { } cause)
        {
            await Diagnostics.WriteLineAsync(e is ConfigurationException ? $"configuration error: {cause}" : $"error: {cause}").ConfigureAwait(false);
            return ExitCodes.Of(e);
        }
        catch (Exception e)
        {
            await Diagnostics.WriteLineAsync(DefectReport.Text(e)).ConfigureAwait(false);
            return ExitCodes.SomethingNotDone;
        }
    }
}
