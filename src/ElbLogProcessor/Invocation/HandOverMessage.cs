using System.Text.Json;
using System.Text.Json.Serialization;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Invocation;

/// <summary>
/// The message one invocation leaves for the next when its time runs out (the hand-over): every object not
/// yet finished, each with the exact line to resume at.
/// <c>{"ElbLogProcessorContinuation":{"Objects":[{"Bucket","Key","ETag","VersionId","ByteOffset","LineNumber","Compressed","RowGroup","Row"}]}}</c>
/// (<c>RowGroup</c> and <c>Row</c> for a Parquet object only: its <c>ByteOffset</c> is then the row's ordinal)
/// (the name on the wire predates the word hand-over, and messages in queues must keep being read).
/// </summary>
internal static class HandOverMessage
{
    public const string PropertyName = "ElbLogProcessorContinuation";

    public static string Create(IEnumerable<ObjectToRead> objects) => JsonSerializer.Serialize(
        new Envelope(new Body([.. objects.Select(o => new Position(o.Location.Bucket, o.Location.Key, o.Location.ETag, o.Location.VersionId,
            o.Start.ByteOffset, o.Start.LineNumber, o.Start.Compressed, o.Start.Row?.RowGroup, o.Start.Row?.Row))])),
        HandOverJsonContext.Default.Envelope);

    /// <summary>Reads the message's objects from <paramref name="root"/> (the parsed message).</summary>
    public static IReadOnlyList<ObjectToRead> Parse(JsonElement root)
    {
        Envelope? message;
        try
        {
            message = root.Deserialize(HandOverJsonContext.Default.Envelope);
        }
        catch (JsonException e)
        {
            throw new UnsupportedEventException($"the continuation message is incomplete: {e.Message}");
        }

        return [.. (message?.HandOver?.Objects ?? throw new UnsupportedEventException("the continuation message has no Objects"))
            .Select(o => new ObjectToRead(new ObjectLocation(o.Bucket, o.Key, o.ETag, o.VersionId),
                new ReadStart(o.LineNumber, o.ByteOffset, o.Compressed, o.RowGroup is { } g && o.Row is { } r ? new RowPosition(g, r) : null)))];
    }

    internal sealed record Envelope([property: JsonPropertyName(PropertyName)] Body? HandOver);

    internal sealed record Body(Position[]? Objects);

    internal sealed record Position(
        [property: JsonRequired] string Bucket,
        [property: JsonRequired] string Key,
        string? ETag,
        string? VersionId,
        [property: JsonRequired] long ByteOffset,
        [property: JsonRequired] long LineNumber,
        bool Compressed,
        int? RowGroup = null,
        long? Row = null);
}
