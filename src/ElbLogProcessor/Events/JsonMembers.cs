using System.Text.Json;

namespace ElbLogProcessor.Events;

/// <summary>
/// Parts of event templates (<see cref="EnvelopeTemplate"/>, <see cref="Ecs.EcsSourceTemplate"/>), serialized once per
/// source: the members an action writes into an object, with the events' encoder, without the object's braces, to be
/// copied between the members the writers write per line.
/// </summary>
internal static class JsonMembers
{
    public static byte[] Serialize(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EventJson.Encoder }))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        // The members only, without the braces of the object they were written in.
        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return json[1..^1].ToArray();
    }
}
