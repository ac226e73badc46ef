using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElbLogProcessor.Invocation;

/// <summary>
/// The message one invocation leaves for the next when its time runs out: every object not
/// yet finished, each with the exact line to resume at.
/// <c>{"ElbLogProcessorContinuation":{"Objects":[{"Bucket","Key","ETag","VersionId","ByteOffset","LineNumber","Compressed"}]}}</c>
/// </summary>
internal static class ContinuationMessage
{
    public const string PropertyName = "ElbLogProcessorContinuation";

    public static string Create(IEnumerable<ObjectReference> objects) => JsonSerializer.Serialize(
        new Envelope(new Body([.. objects.Select(o => new Position(o.Bucket, o.Key, o.ETag, o.VersionId, o.ByteOffset, o.LineNumber, o.Compressed))])),
        ContinuationJsonContext.Default.Envelope);

    /// <summary>Reads the message's objects from <paramref name="root"/> (the parsed message).</summary>
    public static IReadOnlyList<ObjectReference> Parse(JsonElement root)
    {
        Envelope? message;
        try
        {
            message = root.Deserialize(ContinuationJsonContext.Default.Envelope);
        }
        catch (JsonException e)
        {
            throw new UnsupportedEventException($"the continuation message is incomplete: {e.Message}");
        }

        return [.. (message?.Continuation?.Objects ?? throw new UnsupportedEventException("the continuation message has no Objects"))
            .Select(o => new ObjectReference(o.Bucket, o.Key, o.ETag, o.VersionId, o.ByteOffset, o.LineNumber, o.Compressed))];
    }

    internal sealed record Envelope([property: JsonPropertyName(PropertyName)] Body? Continuation);

    internal sealed record Body(Position[]? Objects);

    internal sealed record Position(
        [property: JsonRequired] string Bucket,
        [property: JsonRequired] string Key,
        string? ETag,
        string? VersionId,
        [property: JsonRequired] long ByteOffset,
        [property: JsonRequired] long LineNumber,
        bool Compressed);
}
