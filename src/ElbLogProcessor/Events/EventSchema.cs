using System.Text.Json;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Events;

/// <summary>
/// The JSON names of the event-schema contract (docs/event-schema.md: exact, case included),
/// encoded once. Field names come from the layouts in <see cref="LogLayouts"/>.
/// </summary>
internal static class EventSchema
{
    public static readonly JsonName Type = new("Type");
    public static readonly JsonName SourceModuleName = new("SourceModuleName");
    public static readonly JsonName Component = new("Component");
    public static readonly JsonName Environment = new("Environment");
    public static readonly JsonName Application = new("Application");
    public static readonly JsonName LoadBalancerType = new("LoadBalancerType");
    public static readonly JsonName LogType = new("LogType");
    public static readonly JsonName EventId = new("EventId");
    public static readonly JsonName Source = new("Source");
    public static readonly JsonName LineNumber = new("LineNumber");
    public static readonly JsonName FullRequest = new("FullRequest");
    public static readonly JsonName RequestMethod = new("RequestMethod");
    public static readonly JsonName RequestUrl = new("RequestUrl");
    public static readonly JsonName RequestProtocol = new("RequestProtocol");
    public static readonly JsonName ExtraFields = new("ExtraFields");
    public static readonly JsonName ClientCertNotBefore = new("ClientCertNotBefore");
    public static readonly JsonName ClientCertNotAfter = new("ClientCertNotAfter");
    public static readonly JsonName TargetArn = new("TargetArn");
    public static readonly JsonName Message = new("message");
    public static readonly JsonName Tags = new("tags");
    public static readonly JsonEncodedText ParseFailureTag = JsonEncodedText.Encode("_elbparsefailure");

    /// <summary>The encoded names of each layout's fields, indexed by <see cref="LogFormat"/>.</summary>
    private static readonly JsonName[]?[] FieldNames =
        [.. LogLayouts.ByFormat.Select(layout => layout?.Fields.Select(f => new JsonName(f.Name)).ToArray())];

    /// <summary>The <c>LoadBalancerType</c> value of each format, indexed by <see cref="LogFormat"/>.</summary>
    private static readonly JsonEncodedText?[] LoadBalancerTypes =
    [
        null, JsonEncodedText.Encode("classic"), JsonEncodedText.Encode("application"), JsonEncodedText.Encode("network"),
        JsonEncodedText.Encode("application"), JsonEncodedText.Encode("application"),
    ];

    /// <summary>
    /// The <c>LogType</c> value of each format, indexed by <see cref="LogFormat"/>: only the ALB connection and
    /// health check logs carry one (access-log events keep the schema already in use downstream).
    /// </summary>
    private static readonly JsonEncodedText?[] LogTypes =
        [null, null, null, null, JsonEncodedText.Encode("connection"), JsonEncodedText.Encode("healthcheck")];

    public static JsonName[] FieldNamesOf(LogLayout layout) => FieldNames[(int)layout.Format]!;

    public static JsonEncodedText? LoadBalancerTypeOf(LogFormat format) => LoadBalancerTypes[(int)format];

    public static JsonEncodedText? LogTypeOf(LogFormat format) => LogTypes[(int)format];
}
