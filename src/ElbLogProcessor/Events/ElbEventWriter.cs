using System.Buffers;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Events;

/// <summary>
/// Turns one log line into one event of the <c>elb</c> schema (docs/event-schema.md), written straight into the
/// caller's buffer with a <see cref="JsonObjectWriter"/>: the <see cref="LineParser"/> reads the line, this writes
/// the envelope and each declared field under its <c>elb</c> name (<see cref="LogField.Elb"/>), as its
/// <see cref="ValueKind"/> says. No per-line heap allocation once the scratch buffers have grown to the longest line.
/// </summary>
/// <remarks>Not thread-safe: one instance per reading loop.</remarks>
internal sealed class ElbEventWriter(EventEnvelope envelope, LineFilter? filter = null) : IEventWriter
{
    private readonly LineParser _parser = new();
    private LogSource? _templatesSource;

    /// <summary>The envelope of each kind for the current source; [0] is that of lines of no known kind.</summary>
    private readonly EnvelopeTemplate?[] _templates = new EnvelopeTemplate?[LogKind.All.Length + 1];

    /// <summary>Writes the event for <paramref name="line"/> into <paramref name="output"/>, unless the line is blank.</summary>
    public LineResult Write(ReadOnlySpan<byte> line, LinePosition position, LogSource source, IBufferWriter<byte> output)
    {
        if (position.IsCut) return WriteCut(line, position, source, output);
        var parsed = _parser.Parse(line, source.Layout, source.NamedKind);
        if (parsed.IsBlank) return LineResult.Blank;
        if (filter?.LeftOutBy(parsed, source, position) is > 0 and var rule) return LineResult.LeftOut(parsed.Kind, rule);

        var w = new JsonObjectWriter(output, EventJson.Encoder);
        Template(source, parsed.Kind).Write(ref w, position.ByteOffset, position.LineNumber);
        if (parsed.Failure is null)
        {
            w.ValuesNeedNoEscaping = !parsed.ValuesNeedEscaping;   // most lines: no escaping check per value
            WriteFields(ref w, parsed);
        }
        else
        {
            WriteParseFailure(ref w, parsed.Text);
        }

        w.WriteEndObject();
        w.Complete();
        return new LineResult(false, parsed.Kind, parsed.Failure);
    }

    private EnvelopeTemplate Template(LogSource source, LogKind? kind)
    {
        if (!ReferenceEquals(source, _templatesSource))
        {
            Array.Clear(_templates);
            _templatesSource = source;
        }

        int slot = kind is null ? 0 : kind.Index + 1;
        if (_templates[slot] is { } template) return template;
        var names = kind is null ? null : ElbNames.Of(kind);
        return _templates[slot] = new EnvelopeTemplate(envelope, source, names?.LoadBalancerType, names?.LogType);
    }

    private static void WriteFields(ref JsonObjectWriter w, ParsedLine line)
    {
        var kinds = line.Kind!.ValueKinds;
        var names = ElbNames.Of(line.Kind).Fields;
        var fields = line.Fields;
        int known = Math.Min(kinds.Length, fields.Length);

        for (int i = 0; i < known; i++)
        {
            var field = fields[i];
            var text = line.Raw(field);
            var kind = kinds[i];
            if (LineParser.IsAbsent(text) && kind != ValueKind.RequestLine) continue;
            var name = names[i];
            switch (kind)
            {
                case ValueKind.Seconds when text.SequenceEqual("-1"u8):
                    break;   // the load balancer has no timing for this request
                case ValueKind.Seconds or ValueKind.Milliseconds or ValueKind.Integer:
                    w.WriteNumberText(name!, line.Number(i));
                    break;
                case ValueKind.RequestLine:
                    WriteRequest(ref w, name!, line.Value(field));
                    break;
                case ValueKind.Ip when i + 1 < kinds.Length && kinds[i + 1] == ValueKind.Port:
                    WriteAddress(ref w, name!, text, i + 1 < fields.Length ? line.Raw(fields[i + 1]) : default);
                    break;
                case ValueKind.Port:
                    break;   // written with the address before it
                case ValueKind.CertificateValidity:
                    WriteValidity(ref w, name!, line.Value(field));
                    break;
                case ValueKind.Target:
                    w.WriteString(text.StartsWith("arn:"u8) ? ElbNames.TargetArn : name!, line.Value(field));
                    break;
                default:
                    w.WriteString(name!, line.Value(field));
                    break;
            }
        }

        if (fields.Length > kinds.Length)
        {
            // Fields a newer format appends: kept in order, never a reason to drop the line.
            w.WriteStartArray(ElbNames.ExtraFields);
            foreach (var field in fields[kinds.Length..])
                w.WriteStringValue(line.Value(field));
            w.WriteEndArray();
        }
    }

    /// <summary>
    /// The request as written (<c>FullRequest</c>), then its parts (<see cref="RequestLine"/>), each omitted
    /// when <c>-</c>: <c>"- - - "</c> (TCP/SSL listeners) thus sends only <c>FullRequest</c>.
    /// </summary>
    private static void WriteRequest(ref JsonObjectWriter w, JsonName name, ReadOnlySpan<byte> request)
    {
        if (LineParser.IsAbsent(request)) return;
        w.WriteString(name, request);
        RequestLine.Split(request, out var method, out var url, out var protocol);
        WriteUnlessAbsent(ref w, ElbNames.RequestMethod, method);
        WriteUnlessAbsent(ref w, ElbNames.RequestUrl, url);
        WriteUnlessAbsent(ref w, ElbNames.RequestProtocol, protocol);
    }

    /// <summary><c>ip:port</c> as access logs write it (<c>[ip]:port</c> for IPv6), or the IP alone without a port.</summary>
    private static void WriteAddress(ref JsonObjectWriter w, JsonName name, ReadOnlySpan<byte> ip, ReadOnlySpan<byte> port)
    {
        if (LineParser.IsAbsent(port))
        {
            w.WriteString(name, ip);
            return;
        }

        bool v6 = ip.Contains((byte)':');
        int length = ip.Length + port.Length + 3;
        Span<byte> address = length <= 128 ? stackalloc byte[128] : new byte[length];   // a port of absurd length is rare, not fatal
        int n = 0;
        if (v6) address[n++] = (byte)'[';
        ip.CopyTo(address[n..]);
        n += ip.Length;
        if (v6) address[n++] = (byte)']';
        address[n++] = (byte)':';
        port.CopyTo(address[n..]);
        w.WriteString(name, address[..(n + port.Length)]);
    }

    /// <summary><c>NotBefore=...;NotAfter=...</c> as two timestamps; anything else as written, under <paramref name="raw"/>.</summary>
    private static void WriteValidity(ref JsonObjectWriter w, JsonName raw, ReadOnlySpan<byte> validity)
    {
        if (CertificateValidity.TrySplit(validity, out var notBefore, out var notAfter))
        {
            w.WriteString(ElbNames.ClientCertNotBefore, notBefore);
            w.WriteString(ElbNames.ClientCertNotAfter, notAfter);
            return;
        }

        w.WriteString(raw, validity);
    }

    private static void WriteUnlessAbsent(ref JsonObjectWriter w, JsonName name, ReadOnlySpan<byte> value)
    {
        if (!LineParser.IsAbsent(value)) w.WriteString(name, value);
    }

    /// <summary>A line longer than MAX_LINE_BYTES: its first bytes as <c>message</c>, tagged <c>_elbtruncated</c>, with its length.</summary>
    private LineResult WriteCut(ReadOnlySpan<byte> kept, LinePosition position, LogSource source, IBufferWriter<byte> output)
    {
        var w = new JsonObjectWriter(output, EventJson.Encoder);
        Template(source, null).Write(ref w, position.ByteOffset, position.LineNumber);
        w.WriteString(ElbNames.Message, kept);
        w.WriteNumber(ElbNames.LineBytes, position.CutFrom);
        w.WriteStartArray(ElbNames.Tags);
        w.WriteStringValue(ElbNames.TruncatedTag.EncodedUtf8Bytes);
        w.WriteEndArray();
        w.WriteEndObject();
        w.Complete();
        return LineResult.Cut(position.CutFrom, kept.Length);
    }

    private static void WriteParseFailure(ref JsonObjectWriter w, ReadOnlySpan<byte> line)
    {
        w.WriteString(ElbNames.Message, line);
        w.WriteStartArray(ElbNames.Tags);
        w.WriteStringValue(ElbNames.ParseFailureTag.EncodedUtf8Bytes);
        w.WriteEndArray();
    }
}
