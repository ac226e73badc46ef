namespace ElbLogProcessor.Invocation;

/// <summary>What an invocation event names: the objects to read, and the SQS messages it carried (none when not from SQS).</summary>
/// <param name="Objects">The objects to read, each with the SQS message that named it (when it came through SQS).</param>
/// <param name="SqsMessageIds">The SQS messages of the batch, readable or not.</param>
/// <param name="UnreadableMessages">Messages of an SQS batch that name no object this function can read, each with why: each fails
/// alone (reported in the batch's item failures), the others are processed.</param>
internal sealed record InvocationEvent(IReadOnlyList<ObjectToRead> Objects, IReadOnlyList<string> SqsMessageIds,
    IReadOnlyList<(string MessageId, string Reason)>? UnreadableMessages = null)
{
    public IReadOnlyList<(string MessageId, string Reason)> Unreadable => UnreadableMessages ?? [];

    /// <summary>The event came from an SQS event source mapping: the answer reports failures per message.</summary>
    public bool IsSqsBatch => SqsMessageIds.Count > 0;
}
