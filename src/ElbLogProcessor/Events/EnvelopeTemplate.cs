using System.Text.Json;

namespace ElbLogProcessor.Events;

/// <summary>
/// The envelope of every event from one source and kind, serialized once: per line only
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
        var envelopeMembers = JsonMembers.Serialize(w =>
        {
            w.WriteString(ElbNames.Type.Name, envelope.Type);
            w.WriteString(ElbNames.SourceModuleName.Name, envelope.SourceModuleName);
            if (envelope.Component is { } component) w.WriteString(ElbNames.Component.Name, component);
            if (envelope.Environment is { } environment) w.WriteString(ElbNames.Environment.Name, environment);
            if (envelope.Application is { } application) w.WriteString(ElbNames.Application.Name, application);
            if (loadBalancerType is { } type) w.WriteString(ElbNames.LoadBalancerType.Name, type);
            if (logType is { } kind) w.WriteString(ElbNames.LogType.Name, kind);
        });
        _head = [(byte)'{', .. envelopeMembers, (byte)',', .. ElbNames.EventId.Utf8, (byte)'"', .. source.EventIdPrefix];

        var sourceMembers = JsonMembers.Serialize(w =>
        {
            foreach (var (name, value) in source.Properties) w.WriteString(name.Name, value);
        });
        _middle = [(byte)'"', (byte)',', .. ElbNames.Source.Utf8, (byte)'{', .. source.Kind.Utf8, (byte)'{', .. sourceMembers, (byte)',', .. ElbNames.LineNumber.Utf8];
    }

    public void Write(ref JsonObjectWriter writer, long byteOffset, long lineNumber)
    {
        writer.WriteRaw(_head);
        writer.WriteRawInteger(byteOffset);
        writer.WriteRaw(_middle);
        writer.WriteRawInteger(lineNumber);
        writer.WriteRaw("}}"u8);
    }
}
