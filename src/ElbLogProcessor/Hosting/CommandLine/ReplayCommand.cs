using System.Text.Json;
using Amazon.SQS;
using ElbLogProcessor.Replay;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>replay QUEUE_URL</c>: replays the on-failure destination queue's events, here through the
/// handler (objects from S3, events to LOGSTASH_URL), or with <c>--via-queue</c> by sending each
/// original event to the function's queue.
/// </summary>
internal sealed class ReplayCommand(CommandContext context)
{
    /// <summary>A replay's invocation has no Lambda deadline; this is only a bound.</summary>
    private static readonly TimeSpan ReplayBudget = TimeSpan.FromHours(1);

    public async Task<int> RunAsync(string queueUrl, string? viaQueue, int maxMessages, CancellationToken interrupt)
    {
        using var services = await context.StartAsync(ObjectSource.S3, null, cancellationToken: CancellationToken.None, usesSqs: true).ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        var sqs = services.Sqs!;
        var handler = services.InvocationHandler!;

        async Task<bool> SendToFunction(string payload, CancellationToken _)
        {
            try
            {
                await sqs.SendMessageAsync(viaQueue, payload, CancellationToken.None).ConfigureAwait(false);
                return true;
            }
            catch (AmazonSQSException e)
            {
                await context.Diagnostics.WriteLineAsync($"error: cannot send to {viaQueue}: {e.ErrorCode} {e.Message}").ConfigureAwait(false);
                return false;
            }
        }

        async Task<bool> ReplayHere(string payload, CancellationToken _)
        {
            var result = await handler.HandleAsync(payload, DateTimeOffset.UtcNow + ReplayBudget, CancellationToken.None).ConfigureAwait(false);
            return result.Succeeded && result.BatchItemFailures is not { Count: > 0 };
        }

        Func<string, CancellationToken, Task<bool>> replay = viaQueue is null ? ReplayHere : SendToFunction;
        ReplayReport report;
        try
        {
            report = await new FailureQueueReplay(sqs, queueUrl, replay).RunAsync(maxMessages, interrupt).ConfigureAwait(false);
        }
        catch (AmazonSQSException e)
        {
            // Messages received before this stay in the queue and show again after their visibility timeout.
            await context.Diagnostics.WriteLineAsync($"error: cannot replay from {queueUrl}: {e.ErrorCode} {e.Message}").ConfigureAwait(false);
            return ExitCodes.SomethingNotDone;
        }

        await context.Diagnostics.WriteLineAsync(JsonSerializer.Serialize(report, ReplayJsonContext.Default.ReplayReport)).ConfigureAwait(false);
        await context.Diagnostics.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (interrupt.IsCancellationRequested) return BackfillCommand.Interrupted;
        return report.FailedAgain + report.NotUnderstood > 0 ? ExitCodes.SomethingNotDone : ExitCodes.Succeeded;
    }
}
