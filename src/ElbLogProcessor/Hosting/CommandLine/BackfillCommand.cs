using System.Text.Json;
using ElbLogProcessor.Backfill;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>backfill s3://bucket/prefix</c>: sends what is already in the bucket, on this machine (several
/// objects at once, each through the function's pipeline, with a progress display and a resumable
/// state) or fanned out to the deployed function through its queue (<c>--via-queue</c>).
/// </summary>
internal sealed class BackfillCommand(CommandContext context)
{
    /// <summary>Exit code of a backfill stopped by Ctrl+C (as shells report SIGINT).</summary>
    public const int Interrupted = 130;

    public async Task<int> RunAsync(BackfillArguments arguments, CancellationToken interrupt)
    {
        if (S3Location.Parse(arguments.Location) is not { } location)
            return await UsageAsync($"'{arguments.Location}' is not an s3://bucket/prefix location").ConfigureAwait(false);
        if (DaysOf(arguments) is var (days, problem) && problem is not null) return await UsageAsync(problem).ConfigureAwait(false);

        using var services = await context.StartAsync(ObjectSource.S3, null, cancellationToken: CancellationToken.None, usesSqs: arguments.ViaQueue is not null)
            .ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        // Listed in full first: the total makes the progress and its ETA honest (a key costs ~200 bytes of memory).
        var filter = new NameFilter(arguments.Include, arguments.Exclude);
        var listed = new List<ListedObject>();
        try
        {
            await foreach (var o in new BucketLister(services.S3!).ListAsync(location, days, interrupt).ConfigureAwait(false))
                if (filter.Matches(o.Key)) listed.Add(o);
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            await context.Diagnostics.WriteLineAsync($"backfill stopped while listing {location}: nothing was sent").ConfigureAwait(false);
            return Interrupted;
        }
        catch (Amazon.S3.AmazonS3Exception e)
        {
            await context.Diagnostics.WriteLineAsync($"error: cannot list {location}: {e.ErrorCode} {e.Message}").ConfigureAwait(false);
            return ExitCodes.SomethingNotDone;
        }

        using var state = arguments.StateFile is null ? null : BackfillState.Open(arguments.StateFile);
        var results = new List<ObjectResult>();
        var toSend = new List<(ObjectReference Reference, long Size)>();
        foreach (var o in listed)
        {
            var reference = new ObjectReference(location.Bucket, o.Key, NullIfEmpty(o.ETag), Size: o.Size);
            if (reference.IsElbTestFile) results.Add(new ObjectResult(o.Key, ObjectResult.TestObject));
            else if (state?.Find(location.Bucket, o.Key, o.ETag) is { Done: true }) results.Add(new ObjectResult(o.Key, ObjectResult.AlreadyDone));
            else if (state?.Find(location.Bucket, o.Key, o.ETag) is { } partial)
                toSend.Add((reference with { ByteOffset = partial.ByteOffset, LineNumber = partial.LineNumber, Compressed = partial.Compressed }, o.Size));
            else toSend.Add((reference, o.Size));
        }

        if (arguments.DryRun) return await DryRunAsync(toSend, results).ConfigureAwait(false);

        var progress = new BackfillProgress(toSend.Count, toSend.Sum(o => o.Size));
        var total = new RunSummary();
        IProgressView view = context.IsTerminal
            ? new TerminalProgressView(context.Diagnostics, $"backfill {location}")
            : new JsonProgressView(context.Diagnostics, arguments.ProgressInterval);
        Task<IReadOnlyList<ObjectResult>> work = arguments.ViaQueue is { } queueUrl
            ? new QueueFanOut(services.Sqs!, queueUrl).SendAsync(toSend, progress, interrupt)
            : new BackfillRunner(() => services.StartRun(TextWriter.Null), new ObjectReader(services.ObjectStore!), arguments.Parallel, state)
                .RunAsync(toSend, progress, total, interrupt);
        try
        {
            await view.ShowAsync(progress, work).ConfigureAwait(false);
            results.AddRange(await work.ConfigureAwait(false));
        }
        catch (Amazon.SQS.AmazonSQSException e)
        {
            // The queue is missing or not ours to write: say so; what was sent before stays sent.
            await context.Diagnostics.WriteLineAsync(
                $"error: cannot send to {arguments.ViaQueue}: {e.ErrorCode} {e.Message} ({progress.Snapshot().MessagesSent} messages were sent before)")
                .ConfigureAwait(false);
            return ExitCodes.SomethingNotDone;
        }

        if (arguments.ViaQueue is null) await services.SummaryLogger.LogAsync(total).ConfigureAwait(false);
        var report = BackfillReport.From(results);
        await context.Diagnostics.WriteLineAsync(JsonSerializer.Serialize(report, BackfillJsonContext.Default.BackfillReport)).ConfigureAwait(false);
        await context.Diagnostics.FlushAsync(CancellationToken.None).ConfigureAwait(false);

        if (interrupt.IsCancellationRequested) return Interrupted;
        return results.Any(r => r.Outcome is ObjectResult.Failed) || total.EventsFailed > 0 ? ExitCodes.SomethingNotDone : ExitCodes.Succeeded;
    }

    /// <summary>The objects that would be sent, as JSON lines on stdout, and their count and bytes on stderr.</summary>
    private async Task<int> DryRunAsync(List<(ObjectReference Reference, long Size)> toSend, List<ObjectResult> passed)
    {
        using var stdout = new StreamWriter(context.Output, leaveOpen: true);
        foreach (var (reference, size) in toSend)
        {
            var line = new DryRunLine(reference.Key, size, reference.LineNumber);
            await stdout.WriteLineAsync(JsonSerializer.Serialize(line, BackfillJsonContext.Default.DryRunLine)).ConfigureAwait(false);
        }

        await stdout.FlushAsync().ConfigureAwait(false);
        var summary = new DryRunSummary("ElbLogProcessor backfill dry run", toSend.Count, toSend.Sum(o => o.Size),
            passed.Count(r => r.Outcome == ObjectResult.AlreadyDone), passed.Count(r => r.Outcome == ObjectResult.TestObject));
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

    private async Task<int> UsageAsync(string problem)
    {
        await context.Diagnostics.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
        return ExitCodes.BadConfiguration;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
