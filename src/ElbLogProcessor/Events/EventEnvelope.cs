using System.Text.Json;
using ElbLogProcessor.Configuration;

namespace ElbLogProcessor.Events;

/// <summary>The configured envelope fields (<see cref="EnvelopeOptions"/>), JSON-encoded once.</summary>
internal sealed class EventEnvelope
{
    public EventEnvelope(EnvelopeOptions options)
    {
        Type = Encode(options.Type);
        SourceModuleName = Encode(options.SourceModuleName);
        Component = EncodeOptional(options.Component);
        Environment = EncodeOptional(options.Environment);
        Application = EncodeOptional(options.Application);
    }

    public static EventEnvelope Default { get; } = new(new EnvelopeOptions());

    public JsonEncodedText Type { get; }
    public JsonEncodedText SourceModuleName { get; }
    public JsonEncodedText? Component { get; }
    public JsonEncodedText? Environment { get; }
    public JsonEncodedText? Application { get; }

    private static JsonEncodedText Encode(string value) => JsonEncodedText.Encode(value, EventJson.Encoder);

    private static JsonEncodedText? EncodeOptional(string? value) => string.IsNullOrEmpty(value) ? null : Encode(value);
}
