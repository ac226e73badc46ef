using ElbLogProcessor.Events;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>process &lt;file&gt;...</c>: reads local log files (plain or gzip) and ships their events
/// to <c>LOGSTASH_URL</c>, or writes them as NDJSON when it is not set; then logs the summary.
/// Ctrl+C stops reading at the next batch boundary and delivers what was read; the summary then
/// says where each file stopped (<c>StoppedAt</c>).
/// </summary>
internal sealed class ProcessCommand(CommandContext context)
{
    /// <returns>0 when every file was read to its end and every event delivered; 1 otherwise; 2 for bad configuration; 130 when stopped.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> paths)
    {
        var signals = context.Signals;
        using var services = await context.StartAsync(ObjectSource.None, null, CancellationToken.None).ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        await using var run = services.StartRun();
        var summary = run.Summary;
        context.SayStopping();
        bool allRead = true;
        var stop = new ReadStop(Interrupt: signals.Stop);
        foreach (var path in paths)
        {
            if (signals.StopRequested)
            {
                summary.RecordStoppedAt($"{path} from line 1 (byte 0): not started");
                continue;
            }

            long linesBefore = summary.Lines, bytesBefore = summary.BytesRead;
            try
            {
                var result = await run.Pipeline.ReadAsync(_ => Task.FromResult(Open(path)), ReadStart.Beginning, stop, signals.Abandon)
                    .ConfigureAwait(false);
                if (result.Outcome == SourceOutcome.Interrupted)
                    summary.RecordStoppedAt($"{path} from line {result.NextLineNumber} (byte {result.NextByteOffset})");
                allRead &= result.Outcome == SourceOutcome.Completed;
            }
            catch (OperationCanceledException) when (signals.Abandon.IsCancellationRequested)
            {
                // Stopped at once (a second Ctrl+C): the lines in hand are counted as not delivered.
                summary.RecordStoppedAt($"{path} from line {summary.Lines - linesBefore + 1} (byte {summary.BytesRead - bytesBefore}): " +
                                        "stopped at once, its last batches not delivered");
                allRead = false;
            }
        }

        try
        {
            await run.CompleteDeliveryAsync(signals.Abandon).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.Abandon.IsCancellationRequested)
        {
            // NDJSON output abandoned mid-flush; the counts say what was written.
        }

        summary.Interrupted = signals.StopRequested;
        await run.LogSummaryAsync().ConfigureAwait(false);
        if (summary.Interrupted)
            await context.Diagnostics.WriteLineAsync(
                $"interrupted: {summary.EventsSent:N0} events delivered, {summary.EventsFailed:N0} not; stopped at {string.Join("; ", summary.StoppedAt)}")
                .ConfigureAwait(false);
        if (summary.UndeliveredMessage() is { } undelivered)
            await context.Diagnostics.WriteLineAsync($"error: {undelivered}").ConfigureAwait(false);
        await context.Diagnostics.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (summary.Interrupted) return ExitCodes.Interrupted;
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
