using System.Text.Json;
using ElbLogProcessor.LogKinds;
using static ElbLogProcessor.Events.Ecs.EcsNames;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// Classic access logs: HTTP listeners as the integration's ELBHTTPLOG pattern reads them, TCP/SSL ones (status codes
/// <c>-</c> and request <c>"- - - "</c>) as ELBTCPLOG: no http.*, url.* or user_agent.*, byte counts as source and destination bytes.
/// </summary>
internal sealed class ClassicAccessMapping : EcsMapping
{
    private readonly int _elb, _client, _backend, _requestTime, _backendTime, _responseTime, _elbStatus, _backendStatus, _received, _sent,
        _userAgent, _sslCipher, _sslProtocol;

    public ClassicAccessMapping() : base(ClassicAccessLog.Kind, "timestamp")
    {
        _elb = Field("elb");
        _client = Field("client_port");
        _backend = Field("backend_port");
        _requestTime = Field("request_processing_time");
        _backendTime = Field("backend_processing_time");
        _responseTime = Field("response_processing_time");
        _elbStatus = Field("elb_status_code");
        _backendStatus = Field("backend_status_code");
        _received = Field("received_bytes");
        _sent = Field("sent_bytes");
        RequestLine = Field("request_line");
        _userAgent = Field("user_agent");
        _sslCipher = Field("ssl_cipher");
        _sslProtocol = Field("ssl_protocol");
    }

    private bool IsTcp(scoped in EcsLine line) => !line.Has(_elbStatus) && line.Request.IsEmpty;

    public override void WriteAws(ref EcsDocument doc, scoped in EcsLine line)
    {
        bool tcp = IsTcp(line);
        if (!tcp) doc.StatusCode(AwsElbBackendHttpResponse, StatusCode, line, _backendStatus);
        doc.IpAndPort(AwsElbBackend, line, _backend, portAsNumber: false);
        doc.Seconds(AwsElbBackendProcessingTime, line, _backendTime);
        doc.Text(AwsElb, Name, line, _elb);
        doc.String(AwsElb, Protocol, tcp ? TcpValue : HttpValue);
        doc.Seconds(AwsElbRequestProcessingTime, line, _requestTime);
        doc.Seconds(AwsElbResponseProcessingTime, line, _responseTime);
        doc.Text(AwsElb, SslCipher, line, _sslCipher);
        doc.Text(AwsElb, SslProtocol, line, _sslProtocol);
    }

    public override void WriteDestination(ref EcsDocument doc, scoped in EcsLine line)
    {
        if (IsTcp(line)) doc.Number(Destination, Bytes, line, _sent);
    }

    public override JsonEncodedText Category(scoped in EcsLine line) => IsTcp(line) ? NetworkValue : WebValue;

    public override void WriteEventAfterCommon(ref EcsDocument doc, scoped in EcsLine line)
    {
        if (!IsTcp(line)) doc.OutcomeOfStatus(line, _elbStatus);
    }

    public override void WriteHttp(ref EcsDocument doc, scoped in EcsLine line)
    {
        if (!IsTcp(line)) doc.Http(line, _received, _sent, _elbStatus);
    }

    public override void WriteObserverAndSource(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.IpAndPort(Source, line, _client, portAsNumber: true, address: true);
        if (IsTcp(line)) doc.Number(Source, Bytes, line, _received);
    }

    public override void WriteTls(ref EcsDocument doc, scoped in EcsLine line) => doc.Tls(line, _sslCipher, _sslProtocol);

    public override void WriteTraceUrlAndUserAgent(ref EcsDocument doc, scoped in EcsLine line)
    {
        if (IsTcp(line)) return;
        doc.Url(line);
        doc.Text(UserAgent, Original, line, _userAgent, keepDash: true);
    }
}
