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
        var json = CommandLineApp.JsonOption();
        var command = new Command("process",
            "Parse log files and write one JSON event per non-blank line as NDJSON to stdout (or send them to LOGSTASH_URL); " +
            "a JSON summary goes to stderr (on a terminal, a live line while it works and a short ending instead). Exit code 0 when " +
            "every file was read to its end and every event delivered. Ctrl+C stops at the next batch and delivers what was read (exit code 130).")
        {
            files, json,
        };
        context.SetAction(command, r => new ProcessCommand(context).RunAsync(r.GetValue(files)!, r.GetValue(json)));
        return command;
    }

    /// <summary>How reading the files ended.</summary>
    /// <param name="OutputClosed">Stdout refused the events: nothing more was read.</param>
    /// <param name="NotDone">The files not read to their end, with why.</param>
    private sealed record Reading(OutputClosedException? OutputClosed, List<(string Name, string Outcome, string Reason)> NotDone)
    {
        /// <summary>Every file was read to its end.</summary>
        public bool AllRead => NotDone.Count == 0;
    }

    /// <returns>0 when every file was read to its end and every event delivered; 1 otherwise; 2 for bad configuration; 130 when stopped.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> paths, bool json = false)
    {
        var signals = context.Signals;
        var start = await context.StartAsync((host, ct) => FunctionStart.LoadAsync(host, AwsCalls.None, ct)).ConfigureAwait(false);
        if (start is null) return ExitCodes.BadConfiguration;
        using var runs = start.Runs();
        bool forPerson = context.IsTerminal && !json;
        var progress = new RunProgress();
        runs.Watch(progress);

        // On a terminal the live line owns stderr while it is drawn: the run's error lines wait, and are written after it.
        var held = forPerson ? new StringWriter() : null;
        await using var run = runs.StartRun(held is null ? null : TextWriter.Synchronized(held));
        var summary = run.Summary;
        if (!forPerson) context.SayStopping();
        var work = ReadAsync(run, paths);
        if (forPerson) await new LiveRunView(context.Diagnostics, "process", progress, signals).ShowAsync(work).ConfigureAwait(false);
        var reading = await work.ConfigureAwait(false);
        if (held is not null) await context.Diagnostics.WriteAsync(held.ToString()).ConfigureAwait(false);

        summary.Interrupted = signals.StopRequested;
        string? error = reading.OutputClosed is { } closed ? $"error: {closed.Message}"
            : summary.UndeliveredMessage() is { } undelivered ? $"error: {undelivered}"
            : null;
        string? interrupted = summary.Interrupted
            ? $"interrupted: {summary.EventsSent:N0} events delivered, {summary.EventsFailed:N0} not; " +
              (summary.StoppedAt.Count > 0 ? $"stopped at {string.Join("; ", summary.StoppedAt)}" : "every file was read before the stop")
            : null;
        if (forPerson)
        {
            var target = start.Options.Logstash?.Url.ToString() ?? "stdout";
            RunEnding.Of("process", summary, "files", target, summary.Interrupted, [.. new[] { interrupted, error }.OfType<string>()], reading.NotDone)
                .Write(context.Diagnostics);
        }
        else
        {
            await run.LogSummaryAsync().ConfigureAwait(false);
            if (interrupted is not null) await context.Diagnostics.WriteLineAsync(interrupted).ConfigureAwait(false);
            if (error is not null) await context.Diagnostics.WriteLineAsync(error).ConfigureAwait(false);
        }

        await context.Diagnostics.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (summary.Interrupted) return ExitCodes.Interrupted;
        return reading.AllRead && summary.EventsFailed == 0 ? ExitCodes.Succeeded : ExitCodes.SomethingNotDone;
    }

    /// <summary>Reads every file in turn and waits for the delivery of what was read.</summary>
    private async Task<Reading> ReadAsync(PipelineRun run, IReadOnlyList<string> paths)
    {
        await Task.Yield();   // the caller draws the live line meanwhile
        var signals = context.Signals;
        var summary = run.Summary;
        OutputClosedException? outputClosed = null;
        var notDone = new List<(string Name, string Outcome, string Reason)>();
        var stop = new ReadStop(Interrupt: signals.Stop);
        foreach (var path in paths)
        {
            if (signals.StopRequested || outputClosed is not null)
            {
                summary.RecordStoppedAt($"{path} from line 1 (byte 0): not started");
                notDone.Add((path, "NotStarted", "not started"));
                continue;
            }

            long linesBefore = summary.Lines, bytesBefore = summary.BytesRead;
            try
            {
                var result = await run.Pipeline.ReadFileAsync(path, stop, signals.Abandon).ConfigureAwait(false);
                if (result.Outcome == SourceOutcome.Interrupted)
                {
                    summary.RecordStoppedAt($"{path} from line {result.Next.LineNumber} (byte {result.Next.ByteOffset})");
                    notDone.Add((path, "Interrupted", $"stopped at line {result.Next.LineNumber:N0}"));
                }
                else if (result.Outcome != SourceOutcome.Completed)
                    notDone.Add((path, result.Outcome.ToString(), result.Failure ?? result.Outcome.ToString()));
            }
            catch (OperationCanceledException) when (signals.Abandon.IsCancellationRequested)
            {
                // Stopped at once (a second Ctrl+C): the lines in hand are counted as not delivered.
                summary.RecordStoppedAt($"{path} from line {summary.Lines - linesBefore + 1} (byte {summary.BytesRead - bytesBefore}): " +
                                        "stopped at once, its last batches not delivered");
                notDone.Add((path, "Interrupted", "stopped at once, its last batches not delivered"));
            }
            catch (OutputClosedException e)
            {
                // Nobody reads the events any more: reading stops here, not at the end of the input.
                summary.RecordStoppedAt($"{path}: stopped when stdout refused its events");
                notDone.Add((path, "Failed", e.Message));
                outputClosed = e;
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

        return new Reading(outputClosed, notDone);
    }
}
