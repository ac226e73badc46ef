using System.Text.Json;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Events;

/// <summary>How a log field's text becomes a JSON value.</summary>
internal enum FieldKind
{
    /// <summary>A string, sent as written (quotes and escapes removed).</summary>
    Text,
    /// <summary>Seconds in the log, milliseconds in JSON; <c>-1</c> means "no value".</summary>
    Seconds,
    /// <summary>Milliseconds in the log (NLB), sent unchanged as a number.</summary>
    Milliseconds,
    /// <summary>A byte count: a JSON integer.</summary>
    Integer,
    /// <summary>The HTTP request line: <c>FullRequest</c> plus its method, URL and protocol.</summary>
    Request,
}

internal readonly record struct FieldSpec(JsonName Name, FieldKind Kind);

/// <summary>One format's fields in log order, with their JSON names (docs/event-schema.md).</summary>
internal sealed class FormatSchema(
    LoadBalancerType type, string typeName, bool quoteAware, int minimumFields, FieldSpec[] fields)
{
    public LoadBalancerType Type { get; } = type;
    public JsonEncodedText TypeName { get; } = JsonEncodedText.Encode(typeName);

    /// <summary>NLB fields are never quoted (its ALPN list holds literal quotes).</summary>
    public bool QuoteAware { get; } = quoteAware;

    /// <summary>The oldest layout of the format still read back; fewer fields is a parse failure.</summary>
    public int MinimumFields { get; } = minimumFields;

    /// <summary>Every field this version knows; later ones go to <c>ExtraFields</c>.</summary>
    public FieldSpec[] Fields { get; } = fields;
}

/// <summary>The event-schema contract: JSON names are exact, case included.</summary>
internal static class EventSchema
{
    public static readonly JsonName Type = Name("Type");
    public static readonly JsonName SourceModuleName = Name("SourceModuleName");
    public static readonly JsonName Component = Name("Component");
    public static readonly JsonName Environment = Name("Environment");
    public static readonly JsonName Application = Name("Application");
    public static readonly JsonName LoadBalancerType = Name("LoadBalancerType");
    public static readonly JsonName EventId = Name("EventId");
    public static readonly JsonName Source = Name("Source");
    public static readonly JsonName LineNumber = Name("LineNumber");
    public static readonly JsonName FullRequest = Name("FullRequest");
    public static readonly JsonName RequestMethod = Name("RequestMethod");
    public static readonly JsonName RequestUrl = Name("RequestUrl");
    public static readonly JsonName RequestProtocol = Name("RequestProtocol");
    public static readonly JsonName ExtraFields = Name("ExtraFields");
    public static readonly JsonName Message = Name("message");
    public static readonly JsonName Tags = Name("tags");
    public static readonly JsonEncodedText ParseFailureTag = JsonEncodedText.Encode("_elbparsefailure");

    // Classic ELB: 15 fields; lines written before the TLS fields were added have 12.
    public static readonly FormatSchema ClassicFormat = new(Parsing.LoadBalancerType.Classic, "classic", quoteAware: true,
        minimumFields: 12,
    [
        Text("EventReceivedTime"), Text("LoadBalancerName"), Text("PublicIpAndPort"), Text("InternalIpAndPort"),
        Seconds("TimeToForwardRequest"), Seconds("TimeTaken"), Seconds("TimeToForwardResponse"),
        Text("Status"), Text("BackendStatus"),
        Integer("BytesUploadedFromClient"), Integer("BytesDownloadedByClient"),
        Request(), Text("UserAgent"), Text("SslCipher"), Text("SslProtocol"),
    ]);

    // ALB: 18 fields in its first (2016) layout, 33 today; newer fields are appended at the end.
    public static readonly FormatSchema ApplicationFormat = new(Parsing.LoadBalancerType.Application, "application",
        quoteAware: true, minimumFields: 18,
    [
        Text("RequestType"), Text("EventReceivedTime"), Text("LoadBalancerName"), Text("PublicIpAndPort"),
        Text("InternalIpAndPort"),
        Seconds("TimeToForwardRequest"), Seconds("TimeTaken"), Seconds("TimeToForwardResponse"),
        Text("Status"), Text("BackendStatus"),
        Integer("BytesUploadedFromClient"), Integer("BytesDownloadedByClient"),
        Request(), Text("UserAgent"), Text("SslCipher"), Text("SslProtocol"),
        Text("TargetGroupArn"), Text("TraceId"), Text("DomainName"), Text("ChosenCertArn"),
        Text("MatchedRulePriority"), Text("RequestCreationTime"), Text("ActionsExecuted"), Text("RedirectUrl"),
        Text("ErrorReason"), Text("TargetPortList"), Text("TargetStatusCodeList"), Text("Classification"),
        Text("ClassificationReason"), Text("ConnectionTraceId"), Text("TransformedHost"), Text("TransformedUri"),
        Text("RequestTransformStatus"),
    ]);

    // NLB (TLS listeners): version 1.0 has 18 fields, 2.0 adds ALPN and the connection creation time.
    public static readonly FormatSchema NetworkFormat = new(Parsing.LoadBalancerType.Network, "network", quoteAware: false,
        minimumFields: 18,
    [
        Text("RequestType"), Text("LogVersion"), Text("EventReceivedTime"), Text("LoadBalancerName"),
        Text("Listener"), Text("PublicIpAndPort"), Text("InternalIpAndPort"),
        Milliseconds("ConnectionTime"), Milliseconds("TlsHandshakeTime"),
        Integer("BytesUploadedFromClient"), Integer("BytesDownloadedByClient"),
        Text("IncomingTlsAlert"), Text("ChosenCertArn"), Text("ChosenCertSerial"), Text("SslCipher"),
        Text("SslProtocol"), Text("TlsNamedGroup"), Text("DomainName"), Text("AlpnFrontEndProtocol"),
        Text("AlpnBackEndProtocol"), Text("AlpnClientPreferenceList"), Text("TlsConnectionCreationTime"),
    ]);

    public static FormatSchema? For(LoadBalancerType type) => type switch
    {
        Parsing.LoadBalancerType.Classic => ClassicFormat,
        Parsing.LoadBalancerType.Application => ApplicationFormat,
        Parsing.LoadBalancerType.Network => NetworkFormat,
        _ => null,
    };

    private static JsonName Name(string name) => new(name);
    private static FieldSpec Text(string name) => new(Name(name), FieldKind.Text);
    private static FieldSpec Seconds(string name) => new(Name(name), FieldKind.Seconds);
    private static FieldSpec Milliseconds(string name) => new(Name(name), FieldKind.Milliseconds);
    private static FieldSpec Integer(string name) => new(Name(name), FieldKind.Integer);
    private static FieldSpec Request() => new(FullRequest, FieldKind.Request);
}
