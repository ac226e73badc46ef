using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;
using static ElbLogProcessor.Events.Ecs.EcsNames;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// Turns one log line into one ECS event (docs/ecs-mapping.md): for the access logs, the document Elastic's
/// AWS integration (<c>aws.elb_logs</c>) makes of the line, field for field, with the same names, values and
/// JSON types as its ingest pipeline gives, so that its dashboards, Kibana's apps and detection rules read
/// them; for what the integration does not know (connection and health check logs, the fields AWS added
/// since), the ECS field that fits, else <c>aws.elb.&lt;AWS field name&gt;</c>. Enrichment (geo, ASN, the
/// parsed user agent) is left to Logstash.
/// </summary>
/// <remarks>
/// The document is written in one order for every kind: the parts every event has are written here, and each
/// kind's <see cref="EcsMapping"/> writes its fields into the parts between them. Straight into the batch,
/// nested objects and all (<see cref="EcsDocument"/>), with no per-line allocation. Not thread-safe: one
/// instance per reading loop.
/// </remarks>
internal sealed class EcsEventWriter : IEventWriter
{
    private readonly LineParser _parser = new();
    private readonly EcsScratch _scratch = new();
    private readonly EcsOptions _options;
    private readonly LineFilter? _filter;
    private readonly List<(string Name, string Value)> _labels = [];
    private LogSource? _templateSource;
    private EcsSourceTemplate? _template;

    public EcsEventWriter(EcsOptions options, EnvelopeOptions envelope, LineFilter? filter = null)
    {
        _options = options;
        _filter = filter;
        if (envelope.Environment is { Length: > 0 } environment) _labels.Add(("environment", environment));
        if (envelope.Application is { Length: > 0 } application) _labels.Add(("application", application));
        if (envelope.Component is { Length: > 0 } component) _labels.Add(("component", component));
    }

    public LineResult Write(ReadOnlySpan<byte> line, LinePosition position, LogSource source, IBufferWriter<byte> output)
    {
        if (position.IsCut) return WriteCut(line, position, source, output);
        var parsed = _parser.Parse(line, source.Layout, source.NamedKind);
        if (parsed.IsBlank) return LineResult.Blank;
        if (_filter?.LeftOutBy(parsed, source, position) is > 0 and var rule) return LineResult.LeftOut(parsed.Kind, rule);

        var doc = new EcsDocument(output);
        if (parsed.Failure is null)
        {
            var mapping = EcsMapping.For(parsed.Kind!);
            var ecsLine = new EcsLine(parsed, Request(parsed, mapping.RequestLine), position, Template(source), _scratch);
            doc.Writer.ValuesNeedNoEscaping = !parsed.ValuesNeedEscaping;
            WriteEvent(ref doc, mapping, ecsLine);
        }
        else
        {
            WriteFailure(ref doc, parsed, Template(source), position);
        }

        doc.End();
        return new LineResult(false, parsed.Kind, parsed.Failure);
    }

    private EcsSourceTemplate Template(LogSource source)
    {
        if (!ReferenceEquals(source, _templateSource))
        {
            _template = new EcsSourceTemplate(source, _options, _labels);
            _templateSource = source;
        }

        return _template!;
    }

    /// <summary>A parsed line: its top-level objects in name order, the kind's fields written into each.</summary>
    private void WriteEvent(ref EcsDocument doc, EcsMapping mapping, scoped in EcsLine line)
    {
        doc.Enter(Root);
        EcsValues.WriteTime(ref doc.Writer, Timestamp, line.Raw(mapping.Time));
        mapping.WriteAws(ref doc, line);
        mapping.WriteDeclaredOnly(ref doc, line);
        WriteExtraFields(ref doc, line.Parsed);
        WriteProvenance(ref doc, line.Source);
        mapping.WriteDestination(ref doc, line);
        WriteEcsVersion(ref doc);

        doc.OneValueArray(Event, Category, mapping.Category(line));
        mapping.WriteEventBeforeCommon(ref doc, line);
        doc.Enter(Event);
        doc.Writer.WriteString(DatasetName, DatasetValue);
        EcsValues.WriteTime(ref doc.Writer, End, line.Raw(mapping.Time));
        WriteEventId(ref doc.Writer, line.Source, line.Position);
        doc.Writer.WriteString(Kind, EventKindValue);
        if (_options.PreserveOriginal) doc.Writer.WriteStringChecked(Original, line.Parsed.Text);
        mapping.WriteEventAfterCommon(ref doc, line);

        mapping.WriteHttp(ref doc, line);
        WriteLabelsAndLog(ref doc, line.Source, line.Position);
        mapping.WriteObserverAndSource(ref doc, line);
        if (_options.PreserveOriginal) doc.OneValueArray(Root, EcsNames.Tags, PreserveOriginalTag);
        mapping.WriteTls(ref doc, line);
        mapping.WriteTraceUrlAndUserAgent(ref doc, line);
    }

    /// <summary>
    /// A line that cannot be read: the line in <c>event.original</c>, why in <c>error.message</c>, tagged
    /// <c>elb_parse_failure</c>, with the provenance; <c>@timestamp</c> is the line's own time when one of its
    /// first fields is one (so it lands with its neighbours), else now, as the forwarder stamps what it sends.
    /// </summary>
    private void WriteFailure(ref EcsDocument doc, scoped in ParsedLine line, EcsSourceTemplate source, LinePosition position) =>
        WriteFailure(ref doc, line.Text, line.Failure!, ParseFailureTag, source, position);

    /// <summary>
    /// A line longer than MAX_LINE_BYTES, as a line that cannot be read is written: its first bytes in <c>event.original</c>,
    /// tagged <c>elb_line_truncated</c>, with its length in <c>aws.elb.line_bytes</c>; not parsed.
    /// </summary>
    private LineResult WriteCut(ReadOnlySpan<byte> kept, LinePosition position, LogSource source, IBufferWriter<byte> output)
    {
        var result = LineResult.Cut(position.CutFrom, kept.Length);
        var doc = new EcsDocument(output);
        WriteFailure(ref doc, kept, result.Failure!, TruncatedTag, Template(source), position);
        doc.Number(AwsElb, LineBytes, position.CutFrom);
        doc.End();
        return result;
    }

    private void WriteFailure(ref EcsDocument doc, ReadOnlySpan<byte> text, string failure, JsonEncodedText tag, EcsSourceTemplate source,
        LinePosition position)
    {
        doc.Writer.ValuesNeedNoEscaping = false;
        doc.Enter(Root);
        if (LeadingTimestamp(text) is { IsEmpty: false } time)
        {
            EcsValues.WriteTime(ref doc.Writer, Timestamp, time);
        }
        else
        {
            Span<byte> now = stackalloc byte[40];
            Utf8Formatter.TryFormat(DateTime.UtcNow, now, out int written, new StandardFormat('O'));
            EcsValues.WriteTime(ref doc.Writer, Timestamp, now[..written]);
        }

        WriteProvenance(ref doc, source);
        WriteEcsVersion(ref doc);
        doc.String(EcsNames.Error, Message, System.Text.Encoding.UTF8.GetBytes(failure));   // a failed line's reason is a string already
        doc.String(Event, DatasetName, DatasetValue);
        WriteEventId(ref doc.Writer, source, position);
        doc.Writer.WriteString(Kind, PipelineErrorValue);
        doc.Writer.WriteString(Original, text);
        WriteLabelsAndLog(ref doc, source, position);
        doc.Enter(Root);
        doc.Writer.WriteStartArray(EcsNames.Tags);
        if (_options.PreserveOriginal) doc.Writer.WriteStringValue(PreserveOriginalTag.EncodedUtf8Bytes);
        doc.Writer.WriteStringValue(tag.EncodedUtf8Bytes);
        doc.Writer.WriteEndArray();
    }

    /// <summary>
    /// The request line's method, URL and protocol, each empty when <c>-</c>. The request is copied when it has
    /// escapes: its unescaped text would otherwise be overwritten by the next field unescaped.
    /// </summary>
    private RequestParts Request(scoped in ParsedLine line, int index)
    {
        if (index < 0 || index >= line.Fields.Length) return default;
        var field = line.Fields[index];
        var request = line.Value(field);
        if (field.HasEscapes) request = _scratch.KeepRequest(request);
        RequestLine.Split(request, out var method, out var url, out var protocol);
        return new RequestParts(Present(method), Present(url), Present(protocol));
    }

    private static ReadOnlySpan<byte> Present(ReadOnlySpan<byte> part) => LineParser.IsAbsent(part) ? default : part;

    /// <summary>Fields after the ones this version knows: aws.elb.extra_fields, in order.</summary>
    private static void WriteExtraFields(ref EcsDocument doc, scoped in ParsedLine line)
    {
        int known = line.Kind!.Fields.Length;
        if (line.Fields.Length <= known) return;
        doc.Enter(AwsElb);
        doc.Writer.WriteStartArray(EcsNames.ExtraFields);
        foreach (var field in line.Fields[known..]) doc.Writer.WriteStringValue(line.Value(field));
        doc.Writer.WriteEndArray();
    }

    /// <summary>aws.s3 (an S3 object), then cloud and data_stream, all from the source's template.</summary>
    private static void WriteProvenance(ref EcsDocument doc, EcsSourceTemplate source)
    {
        if (source.AwsS3 is { } s3) doc.RawMembers(AwsOnly, s3);
        doc.RawMembers(EcsNames.Cloud, source.CloudMembers);
        doc.RawMembers(DataStream, source.DataStreamMembers);
    }

    private static void WriteEcsVersion(ref EcsDocument doc) => doc.String(EcsNames.Ecs, EcsNames.Version, EcsVersionValue);

    private static void WriteEventId(ref JsonObjectWriter w, EcsSourceTemplate source, LinePosition position)
    {
        Span<byte> id = stackalloc byte[64];
        source.EventIdPrefix.CopyTo(id);
        Utf8Formatter.TryFormat(position.ByteOffset, id[source.EventIdPrefix.Length..], out int digits);
        w.WriteString(Id, id[..(source.EventIdPrefix.Length + digits)]);
    }

    /// <summary>labels (configured), then log.file.path and log.offset.</summary>
    private static void WriteLabelsAndLog(ref EcsDocument doc, EcsSourceTemplate source, LinePosition position)
    {
        if (source.LabelMembers is { } labels) doc.RawMembers(Labels, labels);
        doc.RawMembers(Log, source.LogFile);
        doc.Writer.WriteNumber(Offset, position.ByteOffset);
    }

    /// <summary>An ISO 8601 time among a line's first three fields (classic and connection: first; ALB: second; NLB: third).</summary>
    private static ReadOnlySpan<byte> LeadingTimestamp(ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < 3 && !text.IsEmpty; i++)
        {
            text = text.TrimStart((byte)' ');
            int end = text.IndexOf((byte)' ');
            var token = end < 0 ? text : text[..end];
            if (token.Length is >= 19 and <= 40 && token[4] == (byte)'-' && token[7] == (byte)'-' && token[10] == (byte)'T' &&
                DecimalText.IsDigits(token[..4]) && token[13] == (byte)':') return token;
            text = end < 0 ? default : text[end..];
        }

        return default;
    }
}
