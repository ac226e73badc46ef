using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Invocation;

/// <summary>
/// One object an invocation names, and where to start reading it: the beginning for a notification, or the exact
/// line a previous invocation handed over.
/// </summary>
/// <param name="Location">The object.</param>
/// <param name="Start">The first line to read.</param>
/// <param name="Size">The object's size in bytes, when the notification gives it.</param>
/// <param name="MessageId">The SQS message that named the object, when it came through SQS (for partial batch failures).</param>
internal sealed record ObjectToRead(ObjectLocation Location, ReadStart Start, long? Size = null, string? MessageId = null)
{
    /// <summary>The object from its first line.</summary>
    public ObjectToRead(ObjectLocation location, long? size = null) : this(location, ReadStart.Beginning, size)
    {
    }

    /// <summary>Notified as empty: there is nothing to read (and a range GET of it would be refused).</summary>
    public bool IsEmpty => Size == 0;

    /// <summary>Where it starts, for messages: <c>s3://bucket/key from line N (byte M)</c>.</summary>
    public string FromWhere => $"{Location} from line {Start.LineNumber} (byte {Start.ByteOffset})";

    public override string ToString() => Location.ToString();
}
