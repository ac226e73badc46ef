using System.CommandLine;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Shipping;
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
    public static Command Build(CommandContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Log files: classic ELB, ALB or NLB access logs, ALB connection or health check logs; plain or gzip (detected by content).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("process",
            "Parse log files and write one JSON event per non-blank line as NDJSON to stdout (or send them to LOGSTASH_URL); " +
            "a JSON summary goes to stderr. Exit code 0 when every file was read to its end and every event delivered. " +
            "Ctrl+C stops at the next batch and delivers what was read (exit code 130).")
        {
            files,
        };
        context.SetAction(command, r => new ProcessCommand(context).RunAsync(r.GetValue(files)!));
        return command;
    }

    /// <returns>0 when every file was read to its end and every event delivered; 1 otherwise; 2 for bad configuration; 130 when stopped.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> paths)
    {
        var signals = context.Signals;
        var start = await context.StartAsync((host, ct) => FunctionStart.LoadAsync(host, AwsCalls.None, ct)).ConfigureAwait(false);
        if (start is null) return ExitCodes.BadConfiguration;
        using var runs = start.Runs();

        await using var run = runs.StartRun();
        var summary = run.Summary;
        context.SayStopping();
        bool allRead = true;
        OutputClosedException? outputClosed = null;
        var stop = new ReadStop(Interrupt: signals.Stop);
        foreach (var path in paths)
        {
            if (signals.StopRequested || outputClosed is not null)
            {
                summary.RecordStoppedAt($"{path} from line 1 (byte 0): not started");
                continue;
            }

            long linesBefore = summary.Lines, bytesBefore = summary.BytesRead;
            try
            {
                var result = await run.Pipeline.ReadFileAsync(path, stop, signals.Abandon).ConfigureAwait(false);
                if (result.Outcome == SourceOutcome.Interrupted)
                    summary.RecordStoppedAt($"{path} from line {result.Next.LineNumber} (byte {result.Next.ByteOffset})");
                allRead &= result.Outcome == SourceOutcome.Completed;
            }
            catch (OperationCanceledException) when (signals.Abandon.IsCancellationRequested)
            {
                // Stopped at once (a second Ctrl+C): the lines in hand are counted as not delivered.
                summary.RecordStoppedAt($"{path} from line {summary.Lines - linesBefore + 1} (byte {summary.BytesRead - bytesBefore}): " +
                                        "stopped at once, its last batches not delivered");
                allRead = false;
            }
            catch (OutputClosedException e)
            {
                // Nobody reads the events any more: reading stops here, not at the end of the input.
                summary.RecordStoppedAt($"{path}: stopped when stdout refused its events");
                outputClosed = e;
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
        catch (OutputClosedException e)
        {
            outputClosed ??= e;   // the last bytes could not be flushed
        }

        summary.Interrupted = signals.StopRequested;
        await run.LogSummaryAsync().ConfigureAwait(false);
        if (summary.Interrupted)
            await context.Diagnostics.WriteLineAsync(
                $"interrupted: {summary.EventsSent:N0} events delivered, {summary.EventsFailed:N0} not; stopped at {string.Join("; ", summary.StoppedAt)}")
                .ConfigureAwait(false);
        if (outputClosed is not null)
            await context.Diagnostics.WriteLineAsync($"error: {outputClosed.Message}").ConfigureAwait(false);
        else if (summary.UndeliveredMessage() is { } undelivered)
            await context.Diagnostics.WriteLineAsync($"error: {undelivered}").ConfigureAwait(false);
        await context.Diagnostics.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (summary.Interrupted) return ExitCodes.Interrupted;
        return allRead && summary.EventsFailed == 0 ? ExitCodes.Succeeded : ExitCodes.SomethingNotDone;
    }
}
