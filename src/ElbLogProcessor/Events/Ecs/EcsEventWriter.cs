using System.Buffers;
using System.Buffers.Text;
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
/// parsed user agent) is left to Logstash. Written straight into the batch, nested objects and all, with
/// no per-line allocation: each object's members are written together (<see cref="Enter"/> keeps the path open).
/// </summary>
/// <remarks>Not thread-safe: one instance per reading loop.</remarks>
internal sealed class EcsEventWriter : IEventWriter
{
    private readonly LineParser _parser = new();
    private readonly EcsOptions _options;
    private readonly List<(string Name, string Value)> _labels = [];
    private LogSource? _templateSource;
    private EcsSourceTemplate? _template;

    // The object being written into (Root: the event itself).
    private JsonPath _open = Root;

    private byte[] _request = [];   // the request line, when its unescaping would be overwritten by a later field's
    private byte[] _decoded = [];   // URL parts decoded from %XX

    public EcsEventWriter(EcsOptions options, EnvelopeOptions envelope)
    {
        _options = options;
        if (envelope.Environment is { Length: > 0 } environment) _labels.Add(("environment", environment));
        if (envelope.Application is { Length: > 0 } application) _labels.Add(("application", application));
        if (envelope.Component is { Length: > 0 } component) _labels.Add(("component", component));
    }

    public LineResult Write(ReadOnlySpan<byte> line, LinePosition position, LogSource source, IBufferWriter<byte> output)
    {
        var parsed = _parser.Parse(line, source.ExpectedFormat);
        if (parsed.IsBlank) return LineResult.Blank;

        var template = Template(source);
        var w = new JsonObjectWriter(output, EventWriter.JsonEncoder);
        w.WriteStartObject();
        _open = Root;
        var format = parsed.Layout?.Format ?? LogFormat.Unknown;
        if (parsed.Failure is null)
        {
            w.ValuesNeedNoEscaping = !parsed.ValuesNeedEscaping;
            switch (format)
            {
                case LogFormat.Classic: WriteClassic(ref w, parsed, template, position); break;
                case LogFormat.Application: WriteApplication(ref w, parsed, template, position); break;
                case LogFormat.Network: WriteNetwork(ref w, parsed, template, position); break;
                case LogFormat.Connection: WriteConnection(ref w, parsed, template, position); break;
                default: WriteHealthCheck(ref w, parsed, template, position); break;
            }
        }
        else
        {
            WriteFailure(ref w, parsed, template, position);
        }

        Enter(ref w, Root);
        w.WriteEndObject();
        w.Complete();
        return new LineResult(false, format, parsed.Failure);
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

    // ---- the formats ----

    private static class C
    {
        public const int Time = 0, Elb = 1, Client = 2, Backend = 3, RequestTime = 4, BackendTime = 5, ResponseTime = 6, ElbStatus = 7,
            BackendStatus = 8, Received = 9, Sent = 10, Request = 11, UserAgent = 12, SslCipher = 13, SslProtocol = 14, Known = 15;
    }

    /// <summary>Classic: HTTP listeners as the integration's ELBHTTPLOG pattern reads them, TCP/SSL ones (<c>- -</c> and <c>"- - - "</c>) as ELBTCPLOG.</summary>
    private void WriteClassic(ref JsonObjectWriter w, scoped in ParsedLine line, EcsSourceTemplate t, LinePosition position)
    {
        var request = Request(line, C.Request);
        bool tcp = !Has(line, C.ElbStatus) && request.IsEmpty;
        WriteTimestamp(ref w, line.Raw(line.Fields[C.Time]));

        if (!tcp) StatusCodeField(ref w, AwsElbBackendHttpResponse, StatusCode, line, C.BackendStatus);
        IpAndPort(ref w, AwsElbBackend, line, C.Backend, portAsNumber: false);
        Seconds(ref w, AwsElbBackendProcessingTime, line, C.BackendTime);
        TextField(ref w, AwsElb, Name, line, C.Elb);
        Constant(ref w, AwsElb, Protocol, tcp ? TcpValue : HttpValue);
        Seconds(ref w, AwsElbRequestProcessingTime, line, C.RequestTime);
        Seconds(ref w, AwsElbResponseProcessingTime, line, C.ResponseTime);
        TextField(ref w, AwsElb, SslCipher, line, C.SslCipher);
        TextField(ref w, AwsElb, SslProtocol, line, C.SslProtocol);
        ExtraFields(ref w, line, C.Known);
        Provenance(ref w, t);
        if (tcp) NumberField(ref w, Destination, Bytes, line, C.Sent);
        WriteEcsVersion(ref w);

        Enter(ref w, Event);
        Categories(ref w, tcp ? NetworkValue : WebValue);
        EventCommon(ref w, line, t, position);
        if (!tcp) OutcomeFromStatus(ref w, line, C.ElbStatus);

        if (!tcp) HttpFields(ref w, line, request, C.Received, C.Sent, C.ElbStatus);
        LabelsAndLog(ref w, t, position);
        IpAndPort(ref w, Source, line, C.Client, portAsNumber: true, address: true);
        if (tcp) NumberField(ref w, Source, Bytes, line, C.Received);
        PreserveTag(ref w);
        Tls(ref w, line, C.SslCipher, C.SslProtocol);
        if (!tcp)
        {
            Url(ref w, request);
            TextField(ref w, UserAgent, Original, line, C.UserAgent, keepDash: true);
        }
    }

    private static class A
    {
        public const int Type = 0, Time = 1, Elb = 2, Client = 3, Target = 4, RequestTime = 5, TargetTime = 6, ResponseTime = 7, ElbStatus = 8,
            TargetStatus = 9, Received = 10, Sent = 11, Request = 12, UserAgent = 13, SslCipher = 14, SslProtocol = 15, TargetGroupArn = 16,
            TraceId = 17, DomainName = 18, ChosenCertArn = 19, MatchedRulePriority = 20, RequestCreationTime = 21, ActionsExecuted = 22,
            RedirectUrl = 23, ErrorReason = 24, TargetPortList = 25, TargetStatusCodeList = 26, Classification = 27, ClassificationReason = 28,
            ConnTraceId = 29, TransformedHost = 30, TransformedUri = 31, RequestTransformStatus = 32, IpAddress = 33, TargetErrorCode = 34,
            ElbErrorCode = 35, Known = 36;
    }

    /// <summary>ALB access: ELBV2TYPE, ELBHTTPLOG and the ALB fields; the fields after <c>classification_reason</c> under their AWS names.</summary>
    private void WriteApplication(ref JsonObjectWriter w, scoped in ParsedLine line, EcsSourceTemplate t, LinePosition position)
    {
        var request = Request(line, A.Request);
        WriteTimestamp(ref w, line.Raw(line.Fields[A.Time]));

        ListField(ref w, AwsElb, ActionExecuted, line, A.ActionsExecuted, (byte)',');
        StatusCodeField(ref w, AwsElbBackendHttpResponse, StatusCode, line, A.TargetStatus);
        IpAndPort(ref w, AwsElbBackend, line, A.Target, portAsNumber: false);
        Seconds(ref w, AwsElbBackendProcessingTime, line, A.TargetTime);
        TextField(ref w, AwsElbChosenCert, Arn, line, A.ChosenCertArn);
        TextField(ref w, AwsElb, Classification, line, A.Classification);
        TextField(ref w, AwsElb, ClassificationReason, line, A.ClassificationReason);
        TextField(ref w, AwsElb, ConnTraceId, line, A.ConnTraceId);
        TextField(ref w, AwsElb, ElbErrorCode, line, A.ElbErrorCode);
        TextField(ref w, AwsElbError, Reason, line, A.ErrorReason);
        MatchedRulePriority(ref w, line, A.MatchedRulePriority);
        TextField(ref w, AwsElb, Name, line, A.Elb);
        Constant(ref w, AwsElb, Protocol, HttpValue);
        TextField(ref w, AwsElb, RedirectUrl, line, A.RedirectUrl);
        TextField(ref w, AwsElb, RequestTransformStatus, line, A.RequestTransformStatus);
        Seconds(ref w, AwsElbRequestProcessingTime, line, A.RequestTime);
        Seconds(ref w, AwsElbResponseProcessingTime, line, A.ResponseTime);
        TextField(ref w, AwsElb, SslCipher, line, A.SslCipher);
        TextField(ref w, AwsElb, SslProtocol, line, A.SslProtocol);
        TextField(ref w, AwsElbTargetGroup, Arn, line, A.TargetGroupArn, keepDash: true);
        TextField(ref w, AwsElb, TargetErrorCode, line, A.TargetErrorCode);
        ListField(ref w, AwsElb, TargetPort, line, A.TargetPortList, (byte)' ');
        ListField(ref w, AwsElb, TargetStatusCode, line, A.TargetStatusCodeList, (byte)' ');
        TextField(ref w, AwsElb, TraceId, line, A.TraceId, keepDash: true);
        TextField(ref w, AwsElb, TransformedHost, line, A.TransformedHost);
        TextField(ref w, AwsElb, TransformedUri, line, A.TransformedUri);
        TextField(ref w, AwsElb, EcsNames.Type, line, A.Type);
        ExtraFields(ref w, line, A.Known);
        Provenance(ref w, t);
        TextField(ref w, Destination, Domain, line, A.DomainName);
        WriteEcsVersion(ref w);

        Enter(ref w, Event);
        Categories(ref w, WebValue);
        EventCommon(ref w, line, t, position);
        OutcomeFromStatus(ref w, line, A.ElbStatus);
        TextField(ref w, Event, Start, line, A.RequestCreationTime);

        HttpFields(ref w, line, request, A.Received, A.Sent, A.ElbStatus);
        LabelsAndLog(ref w, t, position);
        IpField(ref w, Observer, line, A.IpAddress);
        IpAndPort(ref w, Source, line, A.Client, portAsNumber: true, address: true);
        PreserveTag(ref w);
        Tls(ref w, line, A.SslCipher, A.SslProtocol);
        TextField(ref w, Trace, Id, line, A.TraceId, keepDash: true);
        Url(ref w, request);
        TextField(ref w, UserAgent, Original, line, A.UserAgent, keepDash: true);
    }

    private static class N
    {
        public const int Type = 0, Version = 1, Time = 2, Elb = 3, Listener = 4, Client = 5, Destination = 6, ConnectionTime = 7,
            TlsHandshakeTime = 8, Received = 9, Sent = 10, IncomingTlsAlert = 11, ChosenCertArn = 12, ChosenCertSerial = 13, TlsCipher = 14,
            TlsProtocol = 15, TlsNamedGroup = 16, DomainName = 17, AlpnFe = 18, AlpnBe = 19, AlpnClientPreferences = 20,
            TlsConnectionCreationTime = 21, Known = 22;
    }

    /// <summary>NLB (TLS listeners), as the integration's NLB pattern reads it, ALPN and the connection's creation time included.</summary>
    private void WriteNetwork(ref JsonObjectWriter w, scoped in ParsedLine line, EcsSourceTemplate t, LinePosition position)
    {
        WriteTimestamp(ref w, line.Raw(line.Fields[N.Time]));

        TextField(ref w, AwsElb, AlpnBeProtocol, line, N.AlpnBe);
        AlpnPreferences(ref w, line, N.AlpnClientPreferences);
        TextField(ref w, AwsElb, AlpnFeProtocol, line, N.AlpnFe);
        IpAndPort(ref w, AwsElbBackend, line, N.Destination, portAsNumber: false);
        TextField(ref w, AwsElbChosenCert, Arn, line, N.ChosenCertArn);
        TextField(ref w, AwsElbChosenCert, Serial, line, N.ChosenCertSerial);
        NumberField(ref w, AwsElbConnectionTime, Ms, line, N.ConnectionTime);
        TextField(ref w, AwsElb, IncomingTlsAlert, line, N.IncomingTlsAlert);
        TextField(ref w, AwsElb, Listener, line, N.Listener);
        TextField(ref w, AwsElb, Name, line, N.Elb);
        Constant(ref w, AwsElb, Protocol, TcpValue);
        TextField(ref w, AwsElb, SslCipher, line, N.TlsCipher);
        TextField(ref w, AwsElb, SslNamedGroup, line, N.TlsNamedGroup);
        TextField(ref w, AwsElb, SslProtocol, line, N.TlsProtocol);
        TimeField(ref w, AwsElb, TlsConnectionCreationTime, line, N.TlsConnectionCreationTime);
        NumberField(ref w, AwsElbTlsHandshakeTime, Ms, line, N.TlsHandshakeTime);
        TextField(ref w, AwsElb, EcsNames.Type, line, N.Type);
        ExtraFields(ref w, line, N.Known);
        Provenance(ref w, t);
        NumberField(ref w, Destination, Bytes, line, N.Sent);
        TextField(ref w, Destination, Domain, line, N.DomainName);
        WriteEcsVersion(ref w);

        Enter(ref w, Event);
        Categories(ref w, NetworkValue);
        EventCommon(ref w, line, t, position);

        LabelsAndLog(ref w, t, position);
        IpAndPort(ref w, Source, line, N.Client, portAsNumber: true, address: true);
        NumberField(ref w, Source, Bytes, line, N.Received);
        PreserveTag(ref w);
        Tls(ref w, line, N.TlsCipher, N.TlsProtocol);
    }

    private static class K
    {
        public const int Time = 0, ClientIp = 1, ClientPort = 2, ListenerPort = 3, TlsProtocol = 4, TlsCipher = 5, TlsHandshakeLatency = 6,
            Subject = 7, Validity = 8, Serial = 9, VerifyStatus = 10, ConnTraceId = 11, KeyExchange = 12, Elb = 13, IpAddress = 14, Known = 15;
    }

    /// <summary>ALB connection log: ECS's source, destination and tls.client fields, the rest under aws.elb as in access logs.</summary>
    private void WriteConnection(ref JsonObjectWriter w, scoped in ParsedLine line, EcsSourceTemplate t, LinePosition position)
    {
        WriteTimestamp(ref w, line.Raw(line.Fields[K.Time]));

        TextField(ref w, AwsElb, ConnTraceId, line, K.ConnTraceId);
        bool validitySplits = Validity(line, K.Validity, out var notBefore, out var notAfter);
        if (!validitySplits) TextField(ref w, AwsElb, LeafClientCertValidity, line, K.Validity);
        TextField(ref w, AwsElb, Name, line, K.Elb);
        Constant(ref w, AwsElb, Protocol, TcpValue);
        TextField(ref w, AwsElb, SslCipher, line, K.TlsCipher);
        TextField(ref w, AwsElb, SslNamedGroup, line, K.KeyExchange);
        TextField(ref w, AwsElb, SslProtocol, line, K.TlsProtocol);
        NumberField(ref w, AwsElbTlsHandshakeTime, Ms, line, K.TlsHandshakeLatency);
        TextField(ref w, AwsElb, TlsVerifyStatus, line, K.VerifyStatus);
        ExtraFields(ref w, line, K.Known);
        Provenance(ref w, t);
        NumberField(ref w, Destination, Port, line, K.ListenerPort);
        WriteEcsVersion(ref w);

        Enter(ref w, Event);
        Categories(ref w, NetworkValue);
        EventCommon(ref w, line, t, position);
        if (Has(line, K.VerifyStatus))
        {
            var status = line.Raw(line.Fields[K.VerifyStatus]);
            Constant(ref w, Event, Outcome, status.SequenceEqual("Success"u8) ? SuccessValue : status.StartsWith("Failed"u8) ? FailureValue : UnknownValue);
        }

        Types(ref w, ConnectionValue);
        LabelsAndLog(ref w, t, position);
        IpField(ref w, Observer, line, K.IpAddress);
        if (Has(line, K.ClientIp))
        {
            var ip = line.Raw(line.Fields[K.ClientIp]);
            Enter(ref w, Source);
            w.WriteString(Address, ip);
            if (IpText.IsIp(ip)) w.WriteString(Ip, ip);
        }

        NumberField(ref w, Source, Port, line, K.ClientPort);
        PreserveTag(ref w);
        Tls(ref w, line, K.TlsCipher, K.TlsProtocol);
        if (validitySplits)
        {
            Enter(ref w, TlsClient);
            w.WriteString(NotAfter, notAfter);
            w.WriteString(NotBefore, notBefore);
        }

        TextField(ref w, TlsClient, Subject, line, K.Subject);
        TextField(ref w, TlsClientX509, SerialNumber, line, K.Serial);
    }

    private static class H
    {
        public const int Type = 0, Time = 1, Latency = 2, Target = 3, TargetGroup = 4, Status = 5, StatusCode = 6, ReasonCode = 7, Elb = 8,
            IpAddress = 9, Known = 10;
    }

    /// <summary>ALB health check log: the check's outcome, duration and reason as ECS's event fields, the target as the access logs' backend.</summary>
    private void WriteHealthCheck(ref JsonObjectWriter w, scoped in ParsedLine line, EcsSourceTemplate t, LinePosition position)
    {
        WriteTimestamp(ref w, line.Raw(line.Fields[H.Time]));

        StatusCodeField(ref w, AwsElbBackendHttpResponse, StatusCode, line, H.StatusCode);
        bool targetIsAddress = Has(line, H.Target) && !line.Raw(line.Fields[H.Target]).StartsWith("arn:"u8);
        if (targetIsAddress) IpAndPort(ref w, AwsElbBackend, line, H.Target, portAsNumber: false);
        TextField(ref w, AwsElb, Name, line, H.Elb);
        TextField(ref w, AwsElb, Status, line, H.Status);
        if (!targetIsAddress) TextField(ref w, AwsElb, TargetAddr, line, H.Target);
        TextField(ref w, AwsElb, TargetGroupId, line, H.TargetGroup);
        TextField(ref w, AwsElb, EcsNames.Type, line, H.Type);
        ExtraFields(ref w, line, H.Known);
        Provenance(ref w, t);
        WriteEcsVersion(ref w);

        Enter(ref w, Event);
        Categories(ref w, NetworkValue);
        if (Has(line, H.Latency) && DecimalText.TryNanoseconds(line.Raw(line.Fields[H.Latency]), out long nanoseconds))
            w.WriteNumber(Duration, nanoseconds);
        EventCommon(ref w, line, t, position);
        if (Has(line, H.Status))
        {
            var status = line.Raw(line.Fields[H.Status]);
            Constant(ref w, Event, Outcome, status.SequenceEqual("PASS"u8) ? SuccessValue : status.SequenceEqual("FAIL"u8) ? FailureValue : UnknownValue);
        }

        TextField(ref w, Event, Reason, line, H.ReasonCode);
        Types(ref w, InfoValue);
        LabelsAndLog(ref w, t, position);
        IpField(ref w, Observer, line, H.IpAddress);
        PreserveTag(ref w);
    }

    /// <summary>
    /// A line that cannot be read: the line in <c>event.original</c>, why in <c>error.message</c>, tagged
    /// <c>elb_parse_failure</c>, with the provenance; <c>@timestamp</c> is the line's own time when one of its
    /// first fields is one (so it lands with its neighbours), else now, as the forwarder stamps what it sends.
    /// </summary>
    private void WriteFailure(ref JsonObjectWriter w, scoped in ParsedLine line, EcsSourceTemplate t, LinePosition position)
    {
        w.ValuesNeedNoEscaping = false;
        if (LeadingTimestamp(line.Text) is { IsEmpty: false } time) WriteTimestamp(ref w, time);
        else WriteNow(ref w);
        Provenance(ref w, t);
        WriteEcsVersion(ref w);
        Enter(ref w, EcsNames.Error);
        w.WriteString(Message, System.Text.Encoding.UTF8.GetBytes(line.Failure!));   // a failed line's reason is a string already
        Enter(ref w, Event);
        w.WriteString(DatasetName, DatasetValue);
        EventId(ref w, t, position);
        w.WriteString(Kind, PipelineErrorValue);
        w.WriteString(Original, line.Text);
        LabelsAndLog(ref w, t, position);
        Enter(ref w, Root);
        w.WriteStartArray(EcsNames.Tags);
        if (_options.PreserveOriginal) w.WriteStringValue(PreserveOriginalTag.EncodedUtf8Bytes);
        w.WriteStringValue(ParseFailureTag.EncodedUtf8Bytes);
        w.WriteEndArray();
    }

    // ---- shared sections ----

    /// <summary>aws.s3 (an S3 object), then cloud and data_stream, all from the source's template.</summary>
    private void Provenance(ref JsonObjectWriter w, EcsSourceTemplate t)
    {
        if (t.AwsS3 is { } s3)
        {
            Enter(ref w, AwsOnly);
            w.WriteRawMembers(s3);
        }

        Enter(ref w, EcsNames.Cloud);
        w.WriteRawMembers(t.CloudMembers);
        Enter(ref w, DataStream);
        w.WriteRawMembers(t.DataStreamMembers);
    }

    private void WriteEcsVersion(ref JsonObjectWriter w)
    {
        Enter(ref w, EcsNames.Ecs);
        w.WriteString(EcsNames.Version, EcsVersionValue);
    }

    /// <summary>event.dataset, event.end (= @timestamp, as the pipeline sets it), event.id, event.kind, event.original (when kept).</summary>
    private void EventCommon(ref JsonObjectWriter w, scoped in ParsedLine line, EcsSourceTemplate t, LinePosition position)
    {
        w.WriteString(DatasetName, DatasetValue);
        WriteTime(ref w, End, line.Raw(line.Fields[TimeIndex(line)]));
        EventId(ref w, t, position);
        w.WriteString(Kind, EventKindValue);
        if (_options.PreserveOriginal) w.WriteStringChecked(Original, line.Text);
    }

    private static int TimeIndex(scoped in ParsedLine line) => line.Layout!.Format switch
    {
        LogFormat.Classic or LogFormat.Connection => 0,
        LogFormat.Application or LogFormat.HealthCheck => 1,
        _ => 2,
    };

    private static void EventId(ref JsonObjectWriter w, EcsSourceTemplate t, LinePosition position)
    {
        Span<byte> id = stackalloc byte[64];
        t.EventIdPrefix.CopyTo(id);
        Utf8Formatter.TryFormat(position.ByteOffset, id[t.EventIdPrefix.Length..], out int digits);
        w.WriteString(Id, id[..(t.EventIdPrefix.Length + digits)]);
    }

    private static void Categories(ref JsonObjectWriter w, System.Text.Json.JsonEncodedText category)
    {
        w.WriteStartArray(Category);
        w.WriteStringValue(category.EncodedUtf8Bytes);
        w.WriteEndArray();
    }

    private void Types(ref JsonObjectWriter w, System.Text.Json.JsonEncodedText type)
    {
        Enter(ref w, Event);
        w.WriteStartArray(EcsNames.Type);
        w.WriteStringValue(type.EncodedUtf8Bytes);
        w.WriteEndArray();
    }

    /// <summary>event.outcome from the load balancer's status code, as the pipeline sets it: below 400 success, else failure.</summary>
    private void OutcomeFromStatus(ref JsonObjectWriter w, scoped in ParsedLine line, int statusIndex)
    {
        if (!TryStatus(line, statusIndex, out int status)) return;
        Constant(ref w, Event, EcsNames.Outcome, status < 400 ? SuccessValue : FailureValue);
    }

    /// <summary>labels (configured), then log.file.path and log.offset.</summary>
    private void LabelsAndLog(ref JsonObjectWriter w, EcsSourceTemplate t, LinePosition position)
    {
        if (t.LabelMembers is { } labels)
        {
            Enter(ref w, Labels);
            w.WriteRawMembers(labels);
        }

        Enter(ref w, Log);
        w.WriteRawMembers(t.LogFile);
        w.WriteNumber(Offset, position.ByteOffset);
    }

    private void PreserveTag(ref JsonObjectWriter w)
    {
        if (!_options.PreserveOriginal) return;
        Enter(ref w, Root);
        w.WriteStartArray(EcsNames.Tags);
        w.WriteStringValue(PreserveOriginalTag.EncodedUtf8Bytes);
        w.WriteEndArray();
    }

    /// <summary>http.request (body bytes, method), http.response (body bytes, status code), http.version.</summary>
    private void HttpFields(ref JsonObjectWriter w, scoped in ParsedLine line, RequestParts request, int received, int sent, int status)
    {
        NumberField(ref w, HttpRequestBody, Bytes, line, received);
        if (!request.Method.IsEmpty)
        {
            Enter(ref w, HttpRequest);
            w.WriteString(Method, request.Method);
        }

        NumberField(ref w, HttpResponseBody, Bytes, line, sent);
        StatusCodeField(ref w, HttpResponse, StatusCode, line, status);
        if (request.Protocol.StartsWith("HTTP/"u8) && request.Protocol.Length > 5)
        {
            Enter(ref w, Http);
            w.WriteString(EcsNames.Version, request.Protocol[5..]);
        }
    }

    /// <summary>url.* as Elasticsearch's uri_parts processor splits url.original; nothing when it cannot.</summary>
    private void Url(ref JsonObjectWriter w, RequestParts request)
    {
        var url = request.Url;
        if (url.IsEmpty) return;
        int room = UriParts.ScratchFor(url.Length);
        if (_decoded.Length < room) _decoded = new byte[Math.Max(room, 1024)];
        if (!UriParts.TrySplit(url, _decoded, out var parts)) return;

        Enter(ref w, EcsNames.Url);
        if (parts.HasDomain) w.WriteStringChecked(Domain, parts.Domain);
        var extension = parts.Extension(out bool hasExtension);
        if (hasExtension) w.WriteStringChecked(Extension, extension);
        if (parts.HasFragment) w.WriteStringChecked(Fragment, parts.Fragment);
        w.WriteString(Original, url);
        if (parts.HasPath) w.WriteStringChecked(EcsNames.Path, parts.Path);
        // user_info is user:password; the members are written in name order, so the split is used twice.
        int colon = parts.HasUserInfo ? parts.UserInfo.IndexOf((byte)':') : -1;
        if (colon >= 0) w.WriteStringChecked(Password, parts.UserInfo[(colon + 1)..]);

        if (parts.Port >= 0) w.WriteNumber(Port, parts.Port);
        if (parts.HasQuery) w.WriteStringChecked(Query, parts.Query);
        if (parts.HasScheme)
        {
            Span<byte> lower = stackalloc byte[64];
            scoped var scheme = parts.Scheme;
            if (parts.LowercaseScheme && scheme.Length <= lower.Length)
            {
                System.Text.Ascii.ToLower(scheme, lower, out int written);
                scheme = lower[..written];
            }

            w.WriteStringChecked(Scheme, scheme);
        }

        if (parts.HasUserInfo)
        {
            w.WriteStringChecked(UserInfo, parts.UserInfo);
            if (colon >= 0) w.WriteStringChecked(Username, parts.UserInfo[..colon]);
        }
    }

    /// <summary>
    /// tls.cipher from the cipher, and tls.version and tls.version_protocol from the protocol as the
    /// pipeline's script splits it on <c>v</c>: <c>TLSv1.2</c> is <c>1.2</c> and <c>tls</c>, <c>tlsv12</c> too
    /// (and <c>TLSv1</c> is <c>1.</c>, as the script has it).
    /// </summary>
    private void Tls(ref JsonObjectWriter w, scoped in ParsedLine line, int cipher, int protocol)
    {
        TextField(ref w, EcsNames.Tls, Cipher, line, cipher);
        if (!Has(line, protocol)) return;
        var text = line.Value(line.Fields[protocol]);
        int v = text.IndexOf((byte)'v');
        if (v < 0 || text[(v + 1)..].IndexOf((byte)'v') >= 0 || v + 1 >= text.Length) return;
        var number = text[(v + 1)..];
        Span<byte> version = stackalloc byte[64];
        int length;
        if (number.IndexOf((byte)'.') >= 0 || number.Length > version.Length - 1)
        {
            number = number[..Math.Min(number.Length, version.Length)];
            number.CopyTo(version);
            length = number.Length;
        }
        else
        {
            version[0] = number[0];
            version[1] = (byte)'.';
            number[1..].CopyTo(version[2..]);
            length = number.Length + 1;
        }

        Enter(ref w, EcsNames.Tls);
        w.WriteString(EcsNames.Version, version[..length]);
        Span<byte> lower = stackalloc byte[64];
        var name = text[..Math.Min(v, lower.Length)];
        System.Text.Ascii.ToLower(name, lower, out int written);
        w.WriteString(VersionProtocol, lower[..written]);
    }

    // ---- fields ----

    private static bool Has(scoped in ParsedLine line, int index) => index < line.Fields.Length && !LineParser.IsAbsent(line.Raw(line.Fields[index]));

    /// <summary>A text field, omitted when <c>-</c> (unless the pipeline keeps it: <paramref name="keepDash"/>).</summary>
    private void TextField(ref JsonObjectWriter w, JsonPath path, JsonName name, scoped in ParsedLine line, int index, bool keepDash = false)
    {
        if (index >= line.Fields.Length) return;
        var field = line.Fields[index];
        if (!keepDash && LineParser.IsAbsent(line.Raw(field))) return;
        if (field.Length == 0 && !field.Quoted) return;
        Enter(ref w, path);
        w.WriteString(name, line.Value(field));
    }

    private void Constant(ref JsonObjectWriter w, JsonPath path, JsonName name, System.Text.Json.JsonEncodedText value)
    {
        Enter(ref w, path);
        w.WriteString(name, value);
    }

    /// <summary>A number field as the parser checked it (integers shortest, NLB milliseconds as written).</summary>
    private void NumberField(ref JsonObjectWriter w, JsonPath path, JsonName name, scoped in ParsedLine line, int index)
    {
        if (!Has(line, index)) return;
        Enter(ref w, path);
        w.WriteNumberText(name, line.Number(index));
    }

    /// <summary>A timing in seconds, as the log has it (the pipeline's <c>.sec</c> floats); <c>-1</c> is no value.</summary>
    private void Seconds(ref JsonObjectWriter w, JsonPath path, scoped in ParsedLine line, int index)
    {
        if (!Has(line, index)) return;
        var text = line.Raw(line.Fields[index]);
        if (text.SequenceEqual("-1"u8)) return;
        Enter(ref w, path);
        bool plain = text[0] != (byte)'0' || text.Length == 1 || text[1] == (byte)'.';
        if (plain && text[0] != (byte)'-')
        {
            w.WriteNumberText(Sec, text);
            return;
        }

        Span<byte> number = stackalloc byte[DecimalText.MaxScaledLength];
        if (DecimalText.TryScale(text, 0, number, out int written)) w.WriteNumberText(Sec, number[..written]);
    }

    /// <summary>A status code as a JSON integer (the pipeline's <c>long</c>); omitted when it is not a number.</summary>
    private void StatusCodeField(ref JsonObjectWriter w, JsonPath path, JsonName name, scoped in ParsedLine line, int index)
    {
        if (!TryStatus(line, index, out int status)) return;
        Enter(ref w, path);
        w.WriteNumber(name, status);
    }

    private static bool TryStatus(scoped in ParsedLine line, int index, out int status)
    {
        status = 0;
        if (!Has(line, index)) return false;
        var text = line.Raw(line.Fields[index]);
        if (text.Length > 9 || !DecimalText.IsDigits(text)) return false;
        status = ParseSmall(text);
        return true;
    }

    /// <summary>aws.elb.matched_rule_priority: a string, as the pipeline's unconverted NUMBER; <c>-1</c> (no rule) is omitted.</summary>
    private void MatchedRulePriority(ref JsonObjectWriter w, scoped in ParsedLine line, int index)
    {
        if (!Has(line, index) || line.Raw(line.Fields[index]).SequenceEqual("-1"u8)) return;
        TextField(ref w, AwsElb, EcsNames.MatchedRulePriority, line, index);
    }

    /// <summary><c>ip:port</c> (<c>[ip]:port</c> for IPv6) split in two, as ip and port, and the ip as address too (source).</summary>
    private void IpAndPort(ref JsonObjectWriter w, JsonPath path, scoped in ParsedLine line, int index, bool portAsNumber, bool address = false)
    {
        if (!Has(line, index)) return;
        var text = line.Raw(line.Fields[index]);
        int colon = text.LastIndexOf((byte)':');
        var ip = colon < 0 ? text : text[..colon];
        var port = colon < 0 ? default : text[(colon + 1)..];
        if (ip.Length > 1 && ip[0] == (byte)'[' && ip[^1] == (byte)']') ip = ip[1..^1];
        bool isIp = IpText.IsIp(ip);
        Enter(ref w, path);
        if (address) w.WriteString(Address, ip);
        if (isIp || !address) w.WriteString(Ip, ip);
        if (port.IsEmpty) return;
        if (!portAsNumber) w.WriteString(Port, port);
        else if (DecimalText.IsDigits(port) && port.Length <= 5) w.WriteNumber(Port, ParseSmall(port));
    }

    /// <summary>An IP address field (observer.ip), when it is one.</summary>
    private void IpField(ref JsonObjectWriter w, JsonPath path, scoped in ParsedLine line, int index)
    {
        if (!Has(line, index)) return;
        var ip = line.Value(line.Fields[index]);
        if (!IpText.IsIp(ip)) return;
        Enter(ref w, path);
        w.WriteString(EcsNames.Ip, ip);
    }

    /// <summary>A list field split on <paramref name="separator"/>, as the pipeline's split processors do: a JSON array of strings.</summary>
    private void ListField(ref JsonObjectWriter w, JsonPath path, JsonName name, scoped in ParsedLine line, int index, byte separator)
    {
        if (!Has(line, index)) return;
        var value = line.Value(line.Fields[index]);
        Enter(ref w, path);
        w.WriteStartArray(name);
        while (true)
        {
            int next = value.IndexOf(separator);
            w.WriteStringValue(next < 0 ? value : value[..next]);
            if (next < 0) break;
            value = value[(next + 1)..];
        }

        w.WriteEndArray();
    }

    /// <summary>The ALPN preference list without its outer quotes, as the integration captures it (<c>h2","http/1.1</c>).</summary>
    private void AlpnPreferences(ref JsonObjectWriter w, scoped in ParsedLine line, int index)
    {
        if (!Has(line, index)) return;
        var value = line.Raw(line.Fields[index]);
        if (value.StartsWith("\\\""u8) && value.EndsWith("\\\""u8) && value.Length >= 4) value = value[2..^2];
        else if (value.Length >= 2 && value[0] == (byte)'"' && value[^1] == (byte)'"') value = value[1..^1];
        Enter(ref w, AwsElb);
        w.WriteStringChecked(AlpnClientPreferenceList, value);
    }

    /// <summary>A timestamp field (<c>Z</c> added when the log writes none: the pipeline's date processor reads it as UTC).</summary>
    private void TimeField(ref JsonObjectWriter w, JsonPath path, JsonName name, scoped in ParsedLine line, int index)
    {
        if (!Has(line, index)) return;
        Enter(ref w, path);
        WriteTime(ref w, name, line.Raw(line.Fields[index]));
    }

    /// <summary>Fields after the ones this version knows: aws.elb.extra_fields, in order.</summary>
    private void ExtraFields(ref JsonObjectWriter w, scoped in ParsedLine line, int known)
    {
        if (line.Fields.Length <= known) return;
        Enter(ref w, AwsElb);
        w.WriteStartArray(EcsNames.ExtraFields);
        foreach (var field in line.Fields[known..]) w.WriteStringValue(line.Value(field));
        w.WriteEndArray();
    }

    /// <summary><c>NotBefore=...;NotAfter=...</c> split in two.</summary>
    private static bool Validity(scoped in ParsedLine line, int index, out ReadOnlySpan<byte> notBefore, out ReadOnlySpan<byte> notAfter)
    {
        notBefore = notAfter = default;
        if (!Has(line, index)) return false;
        var text = line.Raw(line.Fields[index]);
        int separator = text.IndexOf((byte)';');
        if (separator <= 0 || !text.StartsWith("NotBefore="u8) || !text[(separator + 1)..].StartsWith("NotAfter="u8)) return false;
        notBefore = text["NotBefore=".Length..separator];
        notAfter = text[(separator + 1 + "NotAfter=".Length)..];
        return !notBefore.IsEmpty && !notAfter.IsEmpty;
    }

    private void WriteTimestamp(ref JsonObjectWriter w, scoped ReadOnlySpan<byte> time)
    {
        Enter(ref w, Root);
        WriteTime(ref w, EcsNames.Timestamp, time);
    }

    /// <summary>An ISO 8601 time as the log writes it, with <c>Z</c> added when it names no zone (NLB logs).</summary>
    private static void WriteTime(ref JsonObjectWriter w, JsonName name, scoped ReadOnlySpan<byte> time)
    {
        if (HasZone(time) || time.Length > 60)
        {
            w.WriteString(name, time);
            return;
        }

        Span<byte> zoned = stackalloc byte[64];
        time.CopyTo(zoned);
        zoned[time.Length] = (byte)'Z';
        w.WriteString(name, zoned[..(time.Length + 1)]);
    }

    private static bool HasZone(ReadOnlySpan<byte> time)
    {
        if (time.IsEmpty || time[^1] == (byte)'Z') return true;
        int t = time.IndexOf((byte)'T');
        return t >= 0 && time[t..].IndexOfAny("+-"u8) >= 0;
    }

    private void WriteNow(ref JsonObjectWriter w)
    {
        Span<byte> now = stackalloc byte[40];
        Utf8Formatter.TryFormat(DateTime.UtcNow, now, out int written, new StandardFormat('O'));
        WriteTimestamp(ref w, now[..written]);
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

    private static int ParseSmall(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte digit in digits) value = value * 10 + (digit - '0');
        return value;
    }

    // ---- the request line ----

    private readonly ref struct RequestParts(ReadOnlySpan<byte> method, ReadOnlySpan<byte> url, ReadOnlySpan<byte> protocol)
    {
        public readonly ReadOnlySpan<byte> Method = method;
        public readonly ReadOnlySpan<byte> Url = url;
        public readonly ReadOnlySpan<byte> Protocol = protocol;

        /// <summary>No method and no URL: <c>"- - - "</c> (a TCP or SSL listener).</summary>
        public bool IsEmpty => Method.IsEmpty && Url.IsEmpty;
    }

    /// <summary>
    /// The request's method, URL and protocol, each empty when <c>-</c>. The request is copied when it has
    /// escapes: its unescaped text would otherwise be overwritten by the next field unescaped.
    /// </summary>
    private RequestParts Request(scoped in ParsedLine line, int index)
    {
        if (index >= line.Fields.Length) return default;
        var field = line.Fields[index];
        var request = line.Value(field);
        if (field.HasEscapes)
        {
            if (_request.Length < request.Length) _request = new byte[Math.Max(request.Length, 256)];
            request.CopyTo(_request);
            request = _request.AsSpan(0, request.Length);
        }

        RequestLine.Split(request, out var method, out var url, out var protocol);
        return new RequestParts(Present(method), Present(url), Present(protocol));
    }

    private static ReadOnlySpan<byte> Present(ReadOnlySpan<byte> part) => LineParser.IsAbsent(part) ? default : part;

    // ---- nesting ----

    /// <summary>
    /// Makes <paramref name="path"/> the object being written: closes what is open beyond its common start with it,
    /// and opens the rest. Each object's members are written together, so no object is opened twice.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Enter(ref JsonObjectWriter w, JsonPath path)
    {
        if (!ReferenceEquals(path, _open)) Move(ref w, path);   // most fields follow one of the same object
    }

    private void Move(ref JsonObjectWriter w, JsonPath path)
    {
        var open = _open;
        int common = open.CommonDepth(path);
        w.WriteEndObjects(open.Depth - common);
        w.WriteStartObjects(path.OpeningBelow(common));
        _open = path;
    }
}
