using System.Text.Json;

namespace ElbLogProcessor.Events;

/// <summary>
/// The configured fields every event carries (<c>Type</c>, <c>SourceModuleName</c>, and the
/// optional <c>Component</c>, <c>Environment</c>, <c>Application</c>), encoded once.
/// </summary>
public sealed class EventEnvelope
{
    public const string DefaultType = "logs";
    public const string DefaultSourceModuleName = "ELB";

    public EventEnvelope(string? type = null, string? sourceModuleName = null, string? component = null,
        string? environment = null, string? application = null)
    {
        Type = JsonEncodedText.Encode(string.IsNullOrEmpty(type) ? DefaultType : type, EventWriter.JsonEncoder);
        SourceModuleName = JsonEncodedText.Encode(
            string.IsNullOrEmpty(sourceModuleName) ? DefaultSourceModuleName : sourceModuleName, EventWriter.JsonEncoder);
        Component = EncodeOptional(component);
        Environment = EncodeOptional(environment);
        Application = EncodeOptional(application);
    }

    public static EventEnvelope Default { get; } = new();

    public JsonEncodedText Type { get; }
    public JsonEncodedText SourceModuleName { get; }
    public JsonEncodedText? Component { get; }
    public JsonEncodedText? Environment { get; }
    public JsonEncodedText? Application { get; }

    /// <summary>Reads <c>EVENT_TYPE</c>, <c>SOURCE_MODULE_NAME</c>, <c>COMPONENT</c>, <c>ENVIRONMENT</c>, <c>APPLICATION</c>.</summary>
    public static EventEnvelope FromEnvironment(Func<string, string?> getVariable) => new(
        getVariable("EVENT_TYPE"), getVariable("SOURCE_MODULE_NAME"), getVariable("COMPONENT"),
        getVariable("ENVIRONMENT"), getVariable("APPLICATION"));

    private static JsonEncodedText? EncodeOptional(string? value) =>
        string.IsNullOrEmpty(value) ? null : JsonEncodedText.Encode(value, EventWriter.JsonEncoder);
}
