namespace ElbLogProcessor.Invocation;

/// <summary>What an invocation event names: the objects to read, and the SQS messages it carried (none when not from SQS).</summary>
internal sealed record InvocationEvent(IReadOnlyList<ObjectToRead> Objects, IReadOnlyList<string> SqsMessageIds)
{
    /// <summary>The event came from an SQS event source mapping: the answer reports failures per message.</summary>
    public bool IsSqsBatch => SqsMessageIds.Count > 0;
}
