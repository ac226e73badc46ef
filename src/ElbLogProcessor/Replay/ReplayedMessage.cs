namespace ElbLogProcessor.Replay;

/// <summary>What became of one message of the failure queue.</summary>
/// <param name="MessageId">SQS's id of the message.</param>
/// <param name="Outcome">Replayed (and deleted), FailedAgain, NotUnderstood or NotReached (all three left in the queue).</param>
/// <param name="Reason">Why it was not replayed.</param>
internal sealed record ReplayedMessage(string MessageId, string Outcome, string? Reason = null)
{
    public const string Replayed = nameof(Replayed);
    public const string FailedAgain = nameof(FailedAgain);
    public const string NotUnderstood = nameof(NotUnderstood);
    public const string NotReached = nameof(NotReached);
}
