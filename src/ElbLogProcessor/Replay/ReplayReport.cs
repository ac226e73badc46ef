namespace ElbLogProcessor.Replay;

/// <summary>
/// What a replay did: messages read; events replayed (their messages deleted); those that failed
/// again, were not understood, or were not reached before Ctrl+C (all left in the queue, visible again).
/// The id lists name at most <see cref="Listed"/> messages each; the counts are whole.
/// </summary>
internal sealed record ReplayReport(string Message, int Messages, int Replayed, int FailedAgain, int NotUnderstood, int NotReached,
    string[] FailedAgainMessageIds, string[] NotUnderstoodMessageIds)
{
    /// <summary>A line of JSON stays readable: a replay of 10,000 messages still names at most this many of each kind.</summary>
    public const int Listed = 100;

    public static ReplayReport From(IReadOnlyList<ReplayedMessage> messages)
    {
        int Count(ReplayOutcome outcome) => messages.Count(m => m.Outcome == outcome);
        string[] Ids(ReplayOutcome outcome) => [.. messages.Where(m => m.Outcome == outcome).Select(m => m.MessageId).Take(Listed)];
        return new ReplayReport("ElbLogProcessor replay summary", messages.Count, Count(ReplayOutcome.Replayed),
            Count(ReplayOutcome.FailedAgain), Count(ReplayOutcome.NotUnderstood), Count(ReplayOutcome.NotReached),
            Ids(ReplayOutcome.FailedAgain), Ids(ReplayOutcome.NotUnderstood));
    }
}
