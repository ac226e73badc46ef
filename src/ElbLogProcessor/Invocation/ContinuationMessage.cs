using System.Text;
using System.Text.Json;

namespace ElbLogProcessor.Invocation;

/// <summary>
/// The message one invocation leaves for the next when its time runs out: every object not
/// yet finished, each with the exact line to resume at.
/// <c>{"ElbLogProcessorContinuation":{"Objects":[{"Bucket","Key","ETag","VersionId","ByteOffset","LineNumber","Compressed"}]}}</c>
/// </summary>
public static class ContinuationMessage
{
    public const string PropertyName = "ElbLogProcessorContinuation";

    public static string Create(IEnumerable<ObjectReference> objects)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject(PropertyName);
            w.WriteStartArray("Objects");
            foreach (var o in objects)
            {
                w.WriteStartObject();
                w.WriteString("Bucket", o.Bucket);
                w.WriteString("Key", o.Key);
                if (o.ETag is not null) w.WriteString("ETag", o.ETag);
                if (o.VersionId is not null) w.WriteString("VersionId", o.VersionId);
                w.WriteNumber("ByteOffset", o.ByteOffset);
                w.WriteNumber("LineNumber", o.LineNumber);
                w.WriteBoolean("Compressed", o.Compressed);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<ObjectReference> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var objects = new List<ObjectReference>();
        try
        {
            foreach (var o in document.RootElement.GetProperty(PropertyName).GetProperty("Objects").EnumerateArray())
            {
                objects.Add(new ObjectReference(
                    o.GetProperty("Bucket").GetString()!,
                    o.GetProperty("Key").GetString()!,
                    o.TryGetProperty("ETag", out var etag) ? etag.GetString() : null,
                    o.TryGetProperty("VersionId", out var version) ? version.GetString() : null,
                    o.GetProperty("ByteOffset").GetInt64(),
                    o.GetProperty("LineNumber").GetInt64(),
                    o.TryGetProperty("Compressed", out var compressed) && compressed.GetBoolean()));
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UnsupportedEventException($"the continuation message is incomplete: {e.Message}");
        }

        return objects;
    }
}
