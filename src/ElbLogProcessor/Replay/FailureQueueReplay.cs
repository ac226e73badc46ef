using Amazon.SQS;
using Amazon.SQS.Model;

namespace ElbLogProcessor.Replay;

/// <summary>
/// <c>replay QUEUE_URL</c>: reads the failure queue and replays each message's event (locally through
/// the handler, or by sending it to the function's queue): Lambda's on-failure records (the original
/// event is <c>requestPayload</c>) and the continuation queue's redriven messages. A message is
/// deleted only after its event was fully replayed; one that fails again stays in the queue (made
/// visible again at the end), with the reason. A message that is neither is left as it is; so are
/// those not reached before Ctrl+C. SQS's own failures (unreachable, no such queue) are thrown.
/// </summary>
/// <param name="sqs">The SQS client.</param>
/// <param name="queueUrl">The on-failure destination queue.</param>
/// <param name="replay">Replays one original event; returns null when every object of it was read and delivered, else why not.</param>
internal sealed class FailureQueueReplay(IAmazonSQS sqs, string queueUrl, Func<string, CancellationToken, Task<string?>> replay)
{
    /// <summary>Long enough for one event's objects to be read and delivered before SQS shows the message again.</summary>
    private const int VisibilitySeconds = 900;

    public async Task<IReadOnlyList<ReplayedMessage>> RunAsync(int maxMessages, CancellationToken interrupt)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outcomes = new List<ReplayedMessage>();
        var leftInQueue = new List<Message>();
        while (seen.Count < maxMessages && !interrupt.IsCancellationRequested)
        {
            var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = Math.Min(10, maxMessages - seen.Count),
                WaitTimeSeconds = 1,
                VisibilityTimeout = VisibilitySeconds,
            }, CancellationToken.None).ConfigureAwait(false);
            var fresh = (received.Messages ?? []).Where(m => seen.Add(m.MessageId)).ToList();
            if (fresh.Count == 0) break;

            foreach (var message in fresh)
            {
                if (interrupt.IsCancellationRequested)
                {
                    outcomes.Add(new ReplayedMessage(message.MessageId, ReplayOutcome.NotReached, "not reached before the stop"));
                    leftInQueue.Add(message);
                    continue;
                }

                if (DestinationRecord.EventToReplay(message.Body) is not { } payload)
                {
                    // Left for a person to look at.
                    outcomes.Add(new ReplayedMessage(message.MessageId, ReplayOutcome.NotUnderstood,
                        "neither an on-failure record nor an event this function reads"));
                    leftInQueue.Add(message);
                    continue;
                }

                if (await replay(payload, interrupt).ConfigureAwait(false) is { } reason)
                {
                    outcomes.Add(new ReplayedMessage(message.MessageId, ReplayOutcome.FailedAgain, reason));
                    leftInQueue.Add(message);
                    continue;
                }

                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
                outcomes.Add(new ReplayedMessage(message.MessageId, ReplayOutcome.Replayed));
            }
        }

        // What was not replayed is visible again at once, for the next attempt.
        foreach (var message in leftInQueue)
            await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0, CancellationToken.None).ConfigureAwait(false);
        return outcomes;
    }
}
