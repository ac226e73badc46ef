using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Replay;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>replay QUEUE_URL</c>: replays the on-failure destination queue's events, here through the
/// handler (objects from S3, events to LOGSTASH_URL), or with <c>--via-queue</c> by sending each
/// original event to the function's queue. It ends with one summary of every message replayed here:
/// a short table on a terminal, JSON lines (the summary and the replay report) for machines.
/// </summary>
internal sealed class ReplayCommand(CommandContext context)
{
    /// <summary>A replay's invocation has no Lambda deadline; this is only a bound.</summary>
    private static readonly TimeSpan ReplayBudget = TimeSpan.FromHours(1);

    public static Command Build(CommandContext context)
    {
        var queue = new Argument<string>("queue") { Description = "The function's on-failure destination queue (SQS URL)." };
        var viaQueue = new Option<string?>("--via-queue")
        {
            Description = "Send each original event to this SQS queue (the deployed function's) instead of processing it here.",
            HelpName = "QUEUE_URL",
        };
        var max = OptionValues.WholeNumber("--max-messages", "Read at most this many messages.", 1, 1_000_000, () => 10_000);
        var json = CommandLineApp.JsonOption();
        var command = new Command("replay",
            "Replay failed invocations: read the on-failure destination queue and process each record's original event here " +
            "(or send it to the function with --via-queue); a message is deleted only once its event was fully delivered.")
        {
            queue, viaQueue, max, json,
        };
        context.SetAction(command, r =>
            new ReplayCommand(context).RunAsync(r.GetValue(queue)!, r.GetValue(viaQueue), r.GetValue(max), r.GetValue(json)));
        return command;
    }

    public async Task<int> RunAsync(string queueUrl, string? viaQueue, int maxMessages, bool json)
    {
        if (QueueUrl.Problem(queueUrl) is { } notAQueue) return await context.UsageErrorAsync(notAQueue).ConfigureAwait(false);
        if (viaQueue is not null && QueueUrl.Problem(viaQueue) is { } notAFunctionQueue)
            return await context.UsageErrorAsync($"--via-queue: {notAFunctionQueue}").ConfigureAwait(false);

        using var services = await context.StartAsync(ReplayServices.StartAsync).ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        var sqs = services.Sqs;
        var signals = context.Signals;
        var handler = services.QuietHandler;
        var total = new RunSummary();
        var clock = Stopwatch.StartNew();
        string sqsWhere = FailureCause.Where("SQS", sqs.Config);
        context.SayStopping(viaQueue is null ? "delivering what was read; the messages not reached stay in the queue" : "sending no more events");

        async Task<string?> SendToFunction(string payload, CancellationToken _)
        {
            // The function would refuse it too; refused here, the message stays where a person looks.
            var refused = Invocation.InvocationEventParser.Parse(payload)
                .Select(o => services.Aws.BucketRefusal(o.Location.Bucket) is { } refusal ? $"{o}: {refusal}" : null).FirstOrDefault(r => r is not null);
            if (refused is not null) return refused;
            try
            {
                await sqs.SendMessageAsync(viaQueue, payload, CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (Exception e) when (FailureCause.Of(e) is { } cause)
            {
                return $"cannot send to {viaQueue} ({sqsWhere}): {cause}";
            }
        }

        async Task<string?> ReplayHere(string payload, CancellationToken _)
        {
            var result = await handler.HandleAsync(payload, DateTimeOffset.UtcNow + ReplayBudget, signals.Abandon, signals.Stop).ConfigureAwait(false);
            total.Add(result.Summary);
            return result.Succeeded && result.BatchItemFailures is not { Count: > 0 }
                ? null
                : result.ErrorMessage ?? result.Error?.ToString() ?? "not every object of it was read and delivered";
        }

        Func<string, CancellationToken, Task<string?>> replay = viaQueue is null ? ReplayHere : SendToFunction;
        IReadOnlyList<ReplayedMessage> messages;
        try
        {
            messages = await new FailureQueueReplay(sqs, queueUrl, replay).RunAsync(maxMessages, signals.Stop).ConfigureAwait(false);
        }
        catch (Exception e) when (FailureCause.Of(e) is { } cause)
        {
            // Messages received before this stay in the queue and show again after their visibility timeout.
            await context.Diagnostics.WriteLineAsync($"error: cannot replay from {queueUrl} ({sqsWhere}): {cause}").ConfigureAwait(false);
            return ExitCodes.Of(e);
        }

        var report = ReplayReport.From(messages);
        total.Interrupted = signals.StopRequested;
        if (context.IsTerminal && !json) Table(queueUrl, report, messages, viaQueue is null ? total : null, clock.Elapsed, signals.StopRequested).Write(context.Diagnostics);
        else
        {
            if (viaQueue is null) await services.SummaryLogger.LogAsync(total).ConfigureAwait(false);
            await context.Diagnostics.WriteLineAsync(JsonSerializer.Serialize(report, ReplayJsonContext.Default.ReplayReport)).ConfigureAwait(false);
        }

        await context.Diagnostics.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (signals.StopRequested) return ExitCodes.Interrupted;
        return report.FailedAgain + report.NotUnderstood > 0 ? ExitCodes.SomethingNotDone : ExitCodes.Succeeded;
    }

    /// <summary>The ending a person reads: messages by outcome, lines and events, the first messages left in the queue and why.</summary>
    private static TerminalEnding Table(string queueUrl, ReplayReport report, IReadOnlyList<ReplayedMessage> messages, RunSummary? total,
        TimeSpan elapsed, bool interrupted)
    {
        bool left = report.FailedAgain + report.NotUnderstood + report.NotReached > 0;
        string how = interrupted ? "interrupted after" : left ? "finished, with messages left, in" : "done in";
        var table = new TerminalEnding
        {
            Title = report.Messages == 0 ? "replay: the queue is empty" : $"replay: {how} {elapsed:hh\\:mm\\:ss}",
            Succeeded = !interrupted && !left,
            NotDoneHeading = "left in the queue",
            NotDone = [.. messages.Where(m => m.Outcome != ReplayOutcome.Replayed).Select(m => (m.MessageId, m.Outcome.ToString(), m.Reason ?? ""))],
        };
        table.Counts.Add(("queue", queueUrl));
        table.Counts.Add(("messages", $"{report.Messages:N0}: {report.Replayed:N0} replayed, {report.FailedAgain:N0} failed again, " +
                                      $"{report.NotUnderstood:N0} not understood, {report.NotReached:N0} not reached"));
        if (total is not null)
        {
            table.Counts.Add(("lines", $"{total.Lines:N0}"));
            table.Counts.Add(("events sent", $"{total.EventsSent:N0}"));
            table.Counts.Add(("events failed", $"{total.EventsFailed:N0}"));
        }

        if (report.FailedAgain + report.NotReached > 0)
            table.NextSteps.Add("the messages left are visible in the queue again: run the same command again to retry them");
        if (report.NotUnderstood > 0)
            table.NextSteps.Add("messages not understood are left for a person to look at (aws sqs receive-message)");
        return table;
    }
}
