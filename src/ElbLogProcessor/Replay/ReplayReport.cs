namespace ElbLogProcessor.Replay;

/// <summary>
/// What a replay did: messages read; events replayed (their messages deleted); those that failed
/// again, were not understood, or were not reached before Ctrl+C (all left in the queue, visible again).
/// </summary>
internal sealed record ReplayReport(string Message, int Messages, int Replayed, int FailedAgain, int NotUnderstood, int NotReached,
    string[] FailedAgainMessageIds, string[] NotUnderstoodMessageIds);
