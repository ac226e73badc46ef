using System.Buffers;
using System.Text.Encodings.Web;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Events;

/// <summary>
/// Turns one log line into one JSON event (docs/event-schema.md), written straight into the
/// caller's buffer with a <see cref="JsonObjectWriter"/>: the <see cref="LineParser"/> reads
/// the line, this writes the envelope and the fields. No per-line heap allocation once the
/// scratch buffers have grown to the longest line.
/// </summary>
/// <remarks>Not thread-safe: one instance per reading loop.</remarks>
internal sealed class EventWriter(EventEnvelope envelope) : IEventWriter
{
    /// <summary>
    /// Events go to Logstash, not into HTML: keep non-ASCII as UTF-8 and do not escape
    /// <c>&lt; &gt; &amp; '</c>. JSON's own escapes (quotes, backslash, controls) still apply.
    /// </summary>
    public static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly LineParser _parser = new();
    private LogSource? _templatesSource;
    private readonly EnvelopeTemplate?[] _templates = new EnvelopeTemplate?[LogLayouts.ByFormat.Length];

    /// <summary>Writes the event for <paramref name="line"/> into <paramref name="output"/>, unless the line is blank.</summary>
    public LineResult Write(ReadOnlySpan<byte> line, LinePosition position, LogSource source, IBufferWriter<byte> output)
    {
        var parsed = _parser.Parse(line, source.ExpectedFormat);
        if (parsed.IsBlank) return LineResult.Blank;

        var format = parsed.Layout?.Format ?? LogFormat.Unknown;
        var w = new JsonObjectWriter(output, JsonEncoder);
        Template(source, format).Write(ref w, position.ByteOffset, position.LineNumber);
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
        return new LineResult(false, format, parsed.Failure);
    }

    private EnvelopeTemplate Template(LogSource source, LogFormat format)
    {
        if (!ReferenceEquals(source, _templatesSource))
        {
            Array.Clear(_templates);
            _templatesSource = source;
        }

        return _templates[(int)format] ??=
            new EnvelopeTemplate(envelope, source, EventSchema.LoadBalancerTypeOf(format), EventSchema.LogTypeOf(format));
    }

    private static void WriteFields(ref JsonObjectWriter w, ParsedLine line)
    {
        var layout = line.Layout!;
        var fields = line.Fields;
        var specs = layout.Fields;
        var names = EventSchema.FieldNamesOf(layout);
        int known = Math.Min(specs.Length, fields.Length);

        for (int i = 0; i < known; i++)
        {
            var field = fields[i];
            var text = line.Raw(field);
            var name = names[i];
            switch (specs[i].Kind)
            {
                case FieldKind.Text:
                    if (!LineParser.IsAbsent(text)) w.WriteString(name, line.Value(field));
                    break;
                case FieldKind.Seconds when text.SequenceEqual("-1"u8):
                    break;   // the load balancer has no timing for this request
                case FieldKind.Seconds or FieldKind.Milliseconds or FieldKind.Integer:
                    if (!LineParser.IsAbsent(text)) w.WriteNumberText(name, line.Number(i));
                    break;
                case FieldKind.Request:
                    WriteRequest(ref w, line.Value(field));
                    break;
                case FieldKind.IpBeforePort:
                    if (!LineParser.IsAbsent(text)) WriteAddress(ref w, name, text, i + 1 < fields.Length ? line.Raw(fields[i + 1]) : default);
                    break;
                case FieldKind.PortAfterIp:
                    break;   // written with the address before it
                case FieldKind.CertificateValidity:
                    if (!LineParser.IsAbsent(text)) WriteValidity(ref w, name, line.Value(field));
                    break;
                case FieldKind.TargetAddress:
                    if (!LineParser.IsAbsent(text)) w.WriteString(text.StartsWith("arn:"u8) ? EventSchema.TargetArn : name, line.Value(field));
                    break;
            }
        }

        if (fields.Length > specs.Length)
        {
            // Fields a newer format appends: kept in order, never a reason to drop the line.
            w.WriteStartArray(EventSchema.ExtraFields);
            foreach (var field in fields[specs.Length..])
                w.WriteStringValue(line.Value(field));
            w.WriteEndArray();
        }
    }

    /// <summary>
    /// <c>FullRequest</c> as written, then its parts (<see cref="RequestLine"/>), each omitted
    /// when <c>-</c>: <c>"- - - "</c> (TCP/SSL listeners) thus sends only <c>FullRequest</c>.
    /// </summary>
    private static void WriteRequest(ref JsonObjectWriter w, ReadOnlySpan<byte> request)
    {
        if (LineParser.IsAbsent(request)) return;
        w.WriteString(EventSchema.FullRequest, request);
        RequestLine.Split(request, out var method, out var url, out var protocol);
        WriteUnlessAbsent(ref w, EventSchema.RequestMethod, method);
        WriteUnlessAbsent(ref w, EventSchema.RequestUrl, url);
        WriteUnlessAbsent(ref w, EventSchema.RequestProtocol, protocol);
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
        int separator = validity.IndexOf((byte)';');
        if (separator > 0 && validity[..separator].StartsWith("NotBefore="u8) && validity[(separator + 1)..].StartsWith("NotAfter="u8))
        {
            var notBefore = validity["NotBefore=".Length..separator];
            var notAfter = validity[(separator + 1 + "NotAfter=".Length)..];
            if (!notBefore.IsEmpty && !notAfter.IsEmpty)
            {
                w.WriteString(EventSchema.ClientCertNotBefore, notBefore);
                w.WriteString(EventSchema.ClientCertNotAfter, notAfter);
                return;
            }
        }

        w.WriteString(raw, validity);
    }

    private static void WriteUnlessAbsent(ref JsonObjectWriter w, JsonName name, ReadOnlySpan<byte> value)
    {
        if (!LineParser.IsAbsent(value)) w.WriteString(name, value);
    }

    private static void WriteParseFailure(ref JsonObjectWriter w, ReadOnlySpan<byte> line)
    {
        w.WriteString(EventSchema.Message, line);
        w.WriteStartArray(EventSchema.Tags);
        w.WriteStringValue(EventSchema.ParseFailureTag.EncodedUtf8Bytes);
        w.WriteEndArray();
    }
}
