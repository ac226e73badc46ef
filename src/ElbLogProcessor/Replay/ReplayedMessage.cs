namespace ElbLogProcessor.Replay;

/// <summary>What became of one message of the failure queue.</summary>
/// <param name="MessageId">SQS's id of the message.</param>
/// <param name="Outcome">Replayed (and deleted), or left in the queue and why.</param>
/// <param name="Reason">Why it was not replayed.</param>
internal sealed record ReplayedMessage(string MessageId, ReplayOutcome Outcome, string? Reason = null);

/// <summary>What became of one message of the failure queue.</summary>
internal enum ReplayOutcome
{
    /// <summary>Its event was read and delivered; the message is deleted.</summary>
    Replayed,

    /// <summary>Its event failed again; the message stays in the queue.</summary>
    FailedAgain,

    /// <summary>Neither an on-failure record nor an event this function reads; left for a person.</summary>
    NotUnderstood,

    /// <summary>Not reached before Ctrl+C; left in the queue.</summary>
    NotReached,
}
