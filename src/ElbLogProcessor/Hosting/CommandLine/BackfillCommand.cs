using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.Backfill;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>backfill s3://bucket/prefix</c>: sends what is already in the bucket, on this machine (several
/// objects at once, each through the function's pipeline, with a progress display and a resumable
/// state) or fanned out to the deployed function through its queue (<c>--via-queue</c>). It ends with
/// a short table on a terminal, or JSON lines (the summary and the results) for machines.
/// </summary>
internal sealed class BackfillCommand(CommandContext context)
{
    public static Command Build(CommandContext context)
    {
        var location = new Argument<string>("location") { Description = "s3://bucket/prefix: the objects to send (prefix optional)." };
        var from = OptionValues.Day("--from", "First UTC day of ELB's yyyy/mm/dd key folders to send; only those days are listed.");
        var to = OptionValues.Day("--to", "Last UTC day (inclusive); today by default.");
        var include = new Option<string[]>("--include") { Description = "Send only file names matching this glob (repeatable), e.g. 'conn_log_*'.", HelpName = "GLOB" };
        var exclude = new Option<string[]>("--exclude") { Description = "Do not send file names matching this glob (repeatable).", HelpName = "GLOB" };
        var parallel = OptionValues.WholeNumber("--parallel", "Objects read at once (each through the function's bounded shipper).", 1, 64,
            () => Environment.ProcessorCount);
        var state = new Option<string?>("--state")
        {
            Description = "Checkpoint file: finished objects (with their ETag) are recorded as they finish, and skipped when run again.",
            HelpName = "FILE",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be sent (objects, bytes) and stop." };
        var viaQueue = new Option<string?>("--via-queue")
        {
            Description = "Send one message per object to this SQS queue (the deployed function's), instead of reading them here.",
            HelpName = "QUEUE_URL",
        };
        var interval = OptionValues.Seconds("--progress-interval", "Seconds between JSON progress lines when stderr is not a terminal.", 0.1, 3600, 5);
        var results = new Option<string?>("--results")
        {
            Description = "Write every object's result to this file, one JSON line each (the ending lists only the first of those not completed).",
            HelpName = "FILE",
        };
        var json = CommandLineApp.JsonOption();
        var command = new Command("backfill",
            "Send what is already in a bucket: list the objects under s3://bucket/prefix (optionally only some days and file names) and " +
            "read them here, several at once, with a live progress display and a resumable --state; or fan them out to the deployed " +
            "function with --via-queue. Ctrl+C stops reading, delivers what was read and writes the state (exit code 130).")
        {
            location, from, to, include, exclude, parallel, state, dryRun, viaQueue, interval, results, json,
        };
        context.SetAction(command, r => new BackfillCommand(context).RunAsync(new BackfillArguments(
            r.GetValue(location)!, r.GetValue(from), r.GetValue(to), r.GetValue(include) ?? [], r.GetValue(exclude) ?? [], r.GetValue(parallel),
            r.GetValue(state), r.GetValue(dryRun), r.GetValue(viaQueue), TimeSpan.FromSeconds(r.GetValue(interval)), r.GetValue(results),
            r.GetValue(json))));
        return command;
    }

    public async Task<int> RunAsync(BackfillArguments arguments)
    {
        if (S3Location.Parse(arguments.Location) is not { } location)
            return await context.UsageErrorAsync($"'{arguments.Location}' is not an s3://bucket/prefix location").ConfigureAwait(false);
        if (DaysOf(arguments) is var (days, problem) && problem is not null) return await context.UsageErrorAsync(problem).ConfigureAwait(false);
        if (arguments.ViaQueue is { } queue && QueueUrl.Problem(queue) is { } notAQueue)
            return await context.UsageErrorAsync($"--via-queue: {notAQueue}").ConfigureAwait(false);

        if (arguments.ViaQueue is { } queueUrl)
        {
            using var fanOut = await context.StartAsync(FanOutServices.StartAsync).ConfigureAwait(false);
            if (fanOut is null) return ExitCodes.BadConfiguration;
            if (fanOut.Aws.BucketRefusal(location.Bucket) is { } refused) return await context.UsageErrorAsync($"{location}: {refused}").ConfigureAwait(false);
            return await RunAsync(arguments, location, days, fanOut.S3,
                (toSend, progress, _, _) => new QueueFanOut(fanOut.Sqs, queueUrl).SendAsync(toSend, progress, context.Signals.Stop),
                () => $"cannot send to {queueUrl} ({FailureCause.Where("SQS", fanOut.Sqs.Config)})").ConfigureAwait(false);
        }

        using var here = await context.StartAsync(BackfillServices.StartAsync).ConfigureAwait(false);
        if (here is null) return ExitCodes.BadConfiguration;
        if (here.Runs.Options.Aws.BucketRefusal(location.Bucket) is { } refusal)
            return await context.UsageErrorAsync($"{location}: {refusal}").ConfigureAwait(false);
        return await RunAsync(arguments, location, days, here.S3,
            (toSend, progress, total, state) => new BackfillRunner(() => here.Runs.StartRun(TextWriter.Null), here.Store, arguments.Parallel, state)
                .RunAsync(toSend, progress, total, context.Signals.Stop, context.Signals.Abandon),
            null, here.Runs.SummaryLogger).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the objects (here, or to the function's queue), counting into the progress and, here, into the total summary and
    /// the state file (when there is one).
    /// </summary>
    private delegate Task<IReadOnlyList<ObjectResult>> SendObjects(IReadOnlyList<ObjectToRead> toSend, BackfillProgress progress, RunSummary total,
        BackfillState? state);

    /// <param name="arguments">What the command line asks.</param>
    /// <param name="location">Where the objects are.</param>
    /// <param name="days">Which days' folders are listed.</param>
    /// <param name="s3">Lists the objects.</param>
    /// <param name="send">Sends them.</param>
    /// <param name="sendFailure">Via a queue: what could not be sent to where, for the one line that says so (a failure of the queue ends the command).</param>
    /// <param name="summaryLogger">Here: logs the total summary.</param>
    private async Task<int> RunAsync(BackfillArguments arguments, S3Location location, DayRange? days, Amazon.S3.IAmazonS3 s3, SendObjects send,
        Func<string>? sendFailure, SummaryLogger? summaryLogger = null)
    {
        var signals = context.Signals;
        bool forPerson = context.IsTerminal && !arguments.Json;
        string where = $"{location}{DaysText(days)}";

        // Listed in full first: the total makes the progress and its ETA honest (a key costs ~200 bytes of memory).
        var filter = new NameFilter(arguments.Include, arguments.Exclude);
        var listed = new List<ListedObject>();
        var skippedBy = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int seen = 0;
        try
        {
            await foreach (var o in new BucketLister(s3).ListAsync(location, days, signals.Stop).ConfigureAwait(false))
            {
                seen++;
                if (filter.SkippedBy(o.Key) is { } skipper) skippedBy[skipper] = skippedBy.GetValueOrDefault(skipper) + 1;
                else listed.Add(o);
            }
        }
        catch (OperationCanceledException) when (signals.StopRequested)
        {
            await context.Diagnostics.WriteLineAsync($"interrupted: stopped while listing {location}; nothing was sent").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (FailureCause.Of(e) is { } cause)
        {
            await context.Diagnostics.WriteLineAsync($"error: cannot list {location} ({FailureCause.Where("S3", s3.Config)}): {cause}")
                .ConfigureAwait(false);
            return ExitCodes.Of(e);
        }

        if (seen == 0)
        {
            await context.Diagnostics.WriteLineAsync($"no objects under {where}: nothing to send (check the prefix and the days)").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        }

        if (listed.Count == 0)
        {
            var filters = string.Join(", ", skippedBy.Select(s => $"{s.Key} ({s.Value:N0})"));
            await context.Diagnostics.WriteLineAsync($"no objects to send: all {seen:N0} objects under {where} were skipped by {filters}")
                .ConfigureAwait(false);
            return ExitCodes.Succeeded;
        }

        using var state = arguments.StateFile is null ? null : BackfillState.Open(arguments.StateFile);
        var results = new List<ObjectResult>();
        var toSend = new List<ObjectToRead>();
        foreach (var o in listed)
        {
            var toRead = new ObjectToRead(new ObjectLocation(location.Bucket, o.Key, NullIfEmpty(o.ETag)), o.Size);
            if (toRead.Location.IsElbTestFile) results.Add(new ObjectResult(o.Key, ObjectOutcome.TestObject));
            else if (state?.Find(location.Bucket, o.Key, o.ETag) is { Done: true }) results.Add(new ObjectResult(o.Key, ObjectOutcome.AlreadyDone));
            else if (state?.Find(location.Bucket, o.Key, o.ETag) is { } partial)
                toSend.Add(toRead with { Start = new ReadStart(partial.LineNumber, partial.ByteOffset, partial.Compressed) });
            else toSend.Add(toRead);
        }

        if (arguments.DryRun) return await DryRunAsync(toSend, results).ConfigureAwait(false);
        if (toSend.Count == 0)
            await context.Diagnostics.WriteLineAsync($"nothing left to send: of the {listed.Count:N0} objects under {where}, " +
                $"{results.Count(r => r.Outcome == ObjectOutcome.AlreadyDone):N0} are recorded as done in {arguments.StateFile} and " +
                $"{results.Count(r => r.Outcome == ObjectOutcome.TestObject):N0} are ELB test files").ConfigureAwait(false);

        var progress = new BackfillProgress(toSend.Count, toSend.Sum(o => o.Size ?? 0));
        var total = new RunSummary();
        IProgressView view = forPerson
            ? new TerminalProgressView(context.Diagnostics, $"backfill {location}", signals.Stop)
            : new JsonProgressView(context.Diagnostics, arguments.ProgressInterval);
        if (!forPerson) context.SayStopping(arguments.ViaQueue is null ? "delivering what was read and writing the state" : "sending no more messages");
        var work = send(toSend, progress, total, state);
        try
        {
            await view.ShowAsync(progress, work).ConfigureAwait(false);
            results.AddRange(await work.ConfigureAwait(false));
        }
        catch (Exception e) when (sendFailure is not null && FailureCause.Of(e) is { } cause)
        {
            // The queue is missing, unreachable or not ours to write: say so; what was sent before stays sent.
            await context.Diagnostics.WriteLineAsync(
                $"error: {sendFailure()}: {cause} ({progress.Snapshot().MessagesSent:N0} messages were sent before)").ConfigureAwait(false);
            return ExitCodes.Of(e);
        }

        bool interrupted = signals.StopRequested;
        total.Interrupted = interrupted;
        bool resultsWritten = await WriteResultsAsync(arguments.ResultsFile, results).ConfigureAwait(false);
        var ending = new BackfillEnd(location, results, arguments.ViaQueue is null ? total : null, progress.Snapshot(), interrupted,
            arguments.StateFile, resultsWritten ? arguments.ResultsFile : null);
        if (forPerson) Table(ending).Write(context.Diagnostics);
        else
        {
            if (summaryLogger is not null) await summaryLogger.LogAsync(total).ConfigureAwait(false);
            var report = BackfillReport.From(results, resultsFile: ending.ResultsFile);
            await context.Diagnostics.WriteLineAsync(JsonSerializer.Serialize(report, BackfillJsonContext.Default.BackfillReport)).ConfigureAwait(false);
        }

        await context.Diagnostics.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (interrupted) return ExitCodes.Interrupted;
        return !resultsWritten || results.Any(r => r.Outcome is ObjectOutcome.Failed) || total.EventsFailed > 0
            ? ExitCodes.SomethingNotDone
            : ExitCodes.Succeeded;
    }

    /// <summary>How a backfill ended, for its ending.</summary>
    internal sealed record BackfillEnd(S3Location Location, List<ObjectResult> Results, RunSummary? Summary, ProgressSnapshot Last,
        bool Interrupted, string? StateFile, string? ResultsFile);

    /// <summary>The ending a person reads: outcomes, lines, events, the first objects not completed, and how to go on.</summary>
    internal static TerminalEnding Table(BackfillEnd end)
    {
        var notDone = end.Results.Where(r => !r.IsCompleted).OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => (r.Key, r.Outcome.ToString(), r.Reason ?? r.Outcome.InWords())).ToList();
        bool failed = end.Results.Any(r => r.Outcome == ObjectOutcome.Failed) || end.Summary?.EventsFailed > 0;
        string how = end.Interrupted ? "interrupted after" : failed ? "finished with failures in" : "done in";
        var table = new TerminalEnding
        {
            Title = $"backfill: {how} {TimeSpan.FromSeconds(end.Last.Seconds):hh\\:mm\\:ss}",
            Succeeded = !end.Interrupted && !failed,
            NotDone = notDone,
            AllListedIn = end.ResultsFile,
        };
        var outcomes = end.Results.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.ToString(), StringComparer.Ordinal)
            .Select(g => $"{g.Count():N0} {g.Key.InWords()}");
        table.Counts.Add(("location", end.Location.ToString()));
        table.Counts.Add(("objects", $"{end.Results.Count:N0}: {string.Join(", ", outcomes)}"));
        if (end.Summary is { } summary)
        {
            table.Counts.Add(("lines", $"{summary.Lines:N0}" + (end.Last.LinesPerSecond > 0 ? $" ({end.Last.LinesPerSecond:N0} lines/s)" : "")));
            if (summary.Rules.Count > 0) table.Counts.Add(("left out", summary.LeftOutText()));
            table.Counts.Add(("events sent", $"{summary.EventsSent:N0}"));
            table.Counts.Add(("events failed", $"{summary.EventsFailed:N0}" +
                                               (summary.LastDeliveryFailure is { } cause ? $" (last: {TerminalEnding.Cut(cause, 70)})" : "")));
        }
        else
        {
            table.Counts.Add(("messages sent", $"{end.Last.MessagesSent:N0} (the function reads them; its summaries and the failure queue tell the rest)"));
        }

        bool notSent = end.Results.Any(r => r.Outcome is ObjectOutcome.Interrupted or ObjectOutcome.NotStarted or ObjectOutcome.Failed);
        if (notSent && end.StateFile is { } stateFile && end.Summary is not null)
            table.NextSteps.Add($"run the same command again to resume from {stateFile}");
        else if (notSent && end.Summary is not null)
            table.NextSteps.Add("run it again to send the rest (with --state FILE, a stopped backfill resumes where it stopped)");
        return table;
    }

    /// <summary>Every object's result, one JSON line each; false (and one line saying why) when the file cannot be written.</summary>
    private async Task<bool> WriteResultsAsync(string? path, List<ObjectResult> results)
    {
        if (path is null) return true;
        try
        {
            await using var file = new StreamWriter(path, append: false, new UTF8Encoding(false));
            foreach (var result in results.OrderBy(r => r.Key, StringComparer.Ordinal))
                await file.WriteLineAsync(JsonSerializer.Serialize(result, BackfillJsonContext.Default.ObjectResult)).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Diagnostics.WriteLineAsync($"error: --results {path}: {e.Message}").ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>The objects that would be sent, as JSON lines on stdout, and their count and bytes on stderr.</summary>
    private async Task<int> DryRunAsync(List<ObjectToRead> toSend, List<ObjectResult> passed)
    {
        using var stdout = new StreamWriter(context.Output, leaveOpen: true);
        foreach (var o in toSend)
        {
            var line = new DryRunLine(o.Location.Key, o.Size ?? 0, o.Start.LineNumber);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(line, BackfillJsonContext.Default.DryRunLine)).ConfigureAwait(false);
        }

        await stdout.FlushAsync().ConfigureAwait(false);
        var summary = new DryRunSummary("ElbLogProcessor backfill dry run", toSend.Count, toSend.Sum(o => o.Size ?? 0),
            passed.Count(r => r.Outcome == ObjectOutcome.AlreadyDone), passed.Count(r => r.Outcome == ObjectOutcome.TestObject));
        await context.Diagnostics.WriteLineAsync(JsonSerializer.Serialize(summary, BackfillJsonContext.Default.DryRunSummary)).ConfigureAwait(false);
        return ExitCodes.Succeeded;
    }

    private static (DayRange? Days, string? Problem) DaysOf(BackfillArguments a) => (a.From, a.To) switch
    {
        (null, null) => (null, null),
        (null, _) => (null, "--to needs --from"),
        ({ } from, var to) when (to ?? DateOnly.FromDateTime(DateTime.UtcNow)) < from => (null, "--to is before --from"),
        ({ } from, var to) when (to ?? DateOnly.FromDateTime(DateTime.UtcNow)).DayNumber - from.DayNumber >= DayRange.MaxDays =>
            (null, $"more than {DayRange.MaxDays} days between --from and --to"),
        ({ } from, var to) => (new DayRange(from, to ?? DateOnly.FromDateTime(DateTime.UtcNow)), null),
    };

    private static string DaysText(DayRange? days) => days is null
        ? ""
        : $" from {days.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} to {days.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
