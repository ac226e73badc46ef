using ElbLogProcessor.Configuration;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>What every command is given: where events and diagnostics go, the environment, and Ctrl+C.</summary>
/// <param name="Output">NDJSON events, when no Logstash is configured (stdout).</param>
/// <param name="Diagnostics">Summaries, errors and progress (stderr).</param>
/// <param name="GetVariable">The environment.</param>
/// <param name="Signals">Ctrl+C and SIGTERM: the first stops gracefully, the second at once.</param>
/// <param name="IsTerminal">Diagnostics go to a terminal a person watches (progress is drawn live there, endings are tables).</param>
internal sealed record CommandContext(Stream Output, TextWriter Diagnostics, Func<string, string?> GetVariable, StopSignals Signals,
    bool IsTerminal = false)
{
    /// <summary>
    /// Starts the composition root for a command; a configuration or environment problem is
    /// one line on stderr (<c>configuration error: VARIABLE: ...</c>) and a null result.
    /// </summary>
    public async Task<FunctionServices?> StartAsync(ObjectSource objects, string? localRoot, CancellationToken cancellationToken, bool usesSqs = false)
    {
        try
        {
            return await FunctionServices.StartAsync(new HostSetup
            {
                GetVariable = GetVariable,
                Log = Diagnostics,
                NdjsonOutput = Output,
                Objects = objects,
                LocalRoot = localRoot,
                UsesSqs = usesSqs,
            }, cancellationToken).ConfigureAwait(false);
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
}
