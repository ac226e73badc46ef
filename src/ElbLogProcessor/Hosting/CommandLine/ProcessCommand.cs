using ElbLogProcessor.Events;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>process &lt;file&gt;...</c>: reads local log files (plain or gzip) and ships their events
/// to <c>LOGSTASH_URL</c>, or writes them as NDJSON when it is not set; then logs the summary.
/// </summary>
internal sealed class ProcessCommand(CommandContext context)
{
    /// <returns>0 when every file was read to its end and every event delivered; 1 otherwise; 2 for bad configuration.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        using var services = await context.StartAsync(ObjectSource.None, null, cancellationToken).ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        await using var run = services.StartRun();
        bool allRead = true;
        foreach (var path in paths)
        {
            var result = await run.Pipeline.ReadAsync(_ => Task.FromResult(Open(path)), ReadStart.Beginning, null, cancellationToken)
                .ConfigureAwait(false);
            allRead &= result.Outcome == SourceOutcome.Completed;
        }

        await run.CompleteDeliveryAsync(cancellationToken).ConfigureAwait(false);
        await run.LogSummaryAsync().ConfigureAwait(false);
        var summary = run.Summary;
        if (summary.EventsFailed > 0)
            await context.Diagnostics.WriteLineAsync($"error: {summary.EventsFailed} of {summary.Events} events were not delivered")
                .ConfigureAwait(false);
        await context.Diagnostics.FlushAsync(cancellationToken).ConfigureAwait(false);
        return allRead && summary.EventsFailed == 0 ? ExitCodes.Succeeded : ExitCodes.SomethingNotDone;
    }

    private static OpenedSource Open(string path)
    {
        try
        {
            // No FileStream buffer: the line reader reads in large blocks already.
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return new OpenedSource(file, LogSource.ForFile(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }
    }
}
