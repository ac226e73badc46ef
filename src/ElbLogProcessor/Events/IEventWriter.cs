using System.Buffers;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Events;

/// <summary>
/// Turns one log line into one JSON event of a schema: <see cref="ElbEventWriter"/> (the <c>elb</c> schema,
/// docs/event-schema.md) or <see cref="Ecs.EcsEventWriter"/> (ECS, docs/ecs-mapping.md). Not thread-safe:
/// one instance per reading loop.
/// </summary>
internal interface IEventWriter
{
    /// <summary>Writes the event for <paramref name="line"/> into <paramref name="events"/> and ends it there, unless the line is blank or left out.</summary>
    LineResult Write(ReadOnlySpan<byte> line, LinePosition position, LogSource source, IEventBuffer events)
    {
        var result = Write(line, position, source, (IBufferWriter<byte>)events);
        if (!result.HasNoEvent) events.EndEvent();
        return result;
    }

    /// <summary>Writes the event for <paramref name="line"/> into <paramref name="output"/>, unless the line is blank or a rule leaves it out.</summary>
    LineResult Write(ReadOnlySpan<byte> line, LinePosition position, LogSource source, IBufferWriter<byte> output);
}
