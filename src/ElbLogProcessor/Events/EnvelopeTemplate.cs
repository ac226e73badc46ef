using System.Text.Json;

namespace ElbLogProcessor.Events;

/// <summary>
/// The envelope of every event from one source and format, serialized once: per line only
/// the byte offset (in <c>EventId</c>) and the line number change, so a line costs two
/// copies and two numbers instead of a dozen properties.
/// </summary>
/// <remarks>
/// Shape: <c>{"Type":…,"SourceModuleName":…,[Component,Environment,Application,]["LoadBalancerType":…,]["LogType":…,]
/// "EventId":"&lt;hash&gt;-</c> offset <c>","Source":{"S3"|"File":{…,"LineNumber":</c> n <c>}}</c>.
/// </remarks>
internal sealed class EnvelopeTemplate
{
    private readonly byte[] _head;     // up to and including the EventId prefix
    private readonly byte[] _middle;   // from the end of EventId to "LineNumber":

    public EnvelopeTemplate(EventEnvelope envelope, LogSource source, JsonEncodedText? loadBalancerType, JsonEncodedText? logType)
    {
        var head = new List<byte> { (byte)'{' };
        AddString(head, ElbNames.Type, envelope.Type, first: true);
        AddString(head, ElbNames.SourceModuleName, envelope.SourceModuleName);
        if (envelope.Component is { } component) AddString(head, ElbNames.Component, component);
        if (envelope.Environment is { } environment) AddString(head, ElbNames.Environment, environment);
        if (envelope.Application is { } application) AddString(head, ElbNames.Application, application);
        if (loadBalancerType is { } type) AddString(head, ElbNames.LoadBalancerType, type);
        if (logType is { } kind) AddString(head, ElbNames.LogType, kind);
        head.Add((byte)',');
        head.AddRange(ElbNames.EventId.Utf8);
        head.Add((byte)'"');
        head.AddRange(source.EventIdPrefix);
        _head = [.. head];

        var middle = new List<byte> { (byte)'"', (byte)',' };
        middle.AddRange(ElbNames.Source.Utf8);
        middle.Add((byte)'{');
        middle.AddRange(source.Kind.Utf8);
        middle.Add((byte)'{');
        foreach (var (name, value) in source.Properties)
        {
            middle.AddRange(name.Utf8);
            AddQuoted(middle, value);
            middle.Add((byte)',');
        }

        middle.AddRange(ElbNames.LineNumber.Utf8);
        _middle = [.. middle];
    }

    public void Write(ref JsonObjectWriter writer, long byteOffset, long lineNumber)
    {
        writer.WriteRaw(_head);
        writer.WriteRawInteger(byteOffset);
        writer.WriteRaw(_middle);
        writer.WriteRawInteger(lineNumber);
        writer.WriteRaw("}}"u8);
    }

    private static void AddString(List<byte> bytes, JsonName name, JsonEncodedText value, bool first = false)
    {
        if (!first) bytes.Add((byte)',');
        bytes.AddRange(name.Utf8);
        AddQuoted(bytes, value);
    }

    private static void AddQuoted(List<byte> bytes, JsonEncodedText value)
    {
        bytes.Add((byte)'"');
        bytes.AddRange(value.EncodedUtf8Bytes);
        bytes.Add((byte)'"');
    }
}
