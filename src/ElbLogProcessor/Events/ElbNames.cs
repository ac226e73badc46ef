using System.Text.Json;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Events;

/// <summary>
/// The JSON names of the <c>elb</c> schema (docs/event-schema.md, a contract: exact, case included), encoded once.
/// Each log kind's field names come from its declaration (<see cref="LogField.Elb"/>).
/// </summary>
internal static class ElbNames
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
    public static readonly JsonEncodedText TruncatedTag = JsonEncodedText.Encode("_elbtruncated");

    /// <summary>A cut line's whole length in bytes (MAX_LINE_BYTES).</summary>
    public static readonly JsonName LineBytes = new("LineBytes");

    /// <summary>What the <c>elb</c> schema names of one log kind, encoded.</summary>
    /// <param name="Fields">Each declared field's name, by position; null for a port sent with its address.</param>
    /// <param name="LoadBalancerType">The <c>LoadBalancerType</c> value.</param>
    /// <param name="LogType">The <c>LogType</c> value; null for access logs.</param>
    public sealed record KindNames(JsonName?[] Fields, JsonEncodedText LoadBalancerType, JsonEncodedText? LogType);

    private static readonly KindNames[] ByKind = [.. LogKind.All.Select(kind => new KindNames(
        [.. kind.Fields.Select(f => f.Elb is null ? null : new JsonName(f.Elb))],
        JsonEncodedText.Encode(kind.LoadBalancerType),
        kind.LogType is null ? null : JsonEncodedText.Encode(kind.LogType)))];

    public static KindNames Of(LogKind kind) => ByKind[kind.Index];
}
