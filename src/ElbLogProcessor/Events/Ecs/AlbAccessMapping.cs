using System.Text.Json;
using ElbLogProcessor.LogKinds;
using static ElbLogProcessor.Events.Ecs.EcsNames;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>ALB access logs: ELBV2TYPE, ELBHTTPLOG and the ALB fields as the integration reads them; the fields it does not know under their AWS names.</summary>
internal sealed class AlbAccessMapping : EcsMapping
{
    private readonly int _type, _elb, _client, _target, _requestTime, _targetTime, _responseTime, _elbStatus, _targetStatus, _received, _sent,
        _userAgent, _sslCipher, _sslProtocol, _targetGroupArn, _traceId, _domainName, _chosenCertArn, _matchedRulePriority, _requestCreationTime,
        _actionsExecuted, _redirectUrl, _errorReason, _targetPortList, _targetStatusCodeList, _classification, _classificationReason,
        _connTraceId, _transformedHost, _transformedUri, _requestTransformStatus, _ipAddress, _targetErrorCode, _elbErrorCode;

    public AlbAccessMapping() : base(AlbAccessLog.Kind, "time")
    {
        _type = Field("type");
        _elb = Field("elb");
        _client = Field("client_port");
        _target = Field("target_port");
        _requestTime = Field("request_processing_time");
        _targetTime = Field("target_processing_time");
        _responseTime = Field("response_processing_time");
        _elbStatus = Field("elb_status_code");
        _targetStatus = Field("target_status_code");
        _received = Field("received_bytes");
        _sent = Field("sent_bytes");
        RequestLine = Field("request_line");
        _userAgent = Field("user_agent");
        _sslCipher = Field("ssl_cipher");
        _sslProtocol = Field("ssl_protocol");
        _targetGroupArn = Field("target_group_arn");
        _traceId = Field("trace_id");
        _domainName = Field("domain_name");
        _chosenCertArn = Field("chosen_cert_arn");
        _matchedRulePriority = Field("matched_rule_priority");
        _requestCreationTime = Field("request_creation_time");
        _actionsExecuted = Field("actions_executed");
        _redirectUrl = Field("redirect_url");
        _errorReason = Field("error_reason");
        _targetPortList = Field("target_port_list");
        _targetStatusCodeList = Field("target_status_code_list");
        _classification = Field("classification");
        _classificationReason = Field("classification_reason");
        _connTraceId = Field("conn_trace_id");
        _transformedHost = Field("transformed_host");
        _transformedUri = Field("transformed_uri");
        _requestTransformStatus = Field("request_transform_status");
        _ipAddress = Field("ip_address");
        _targetErrorCode = Field("target_error_code");
        _elbErrorCode = Field("elb_error_code");
    }

    public override void WriteAws(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.List(AwsElb, ActionExecuted, line, _actionsExecuted, (byte)',');
        doc.StatusCode(AwsElbBackendHttpResponse, StatusCode, line, _targetStatus);
        doc.IpAndPort(AwsElbBackend, line, _target, portAsNumber: false);
        doc.Seconds(AwsElbBackendProcessingTime, line, _targetTime);
        doc.Text(AwsElbChosenCert, Arn, line, _chosenCertArn);
        doc.Text(AwsElb, Classification, line, _classification);
        doc.Text(AwsElb, ClassificationReason, line, _classificationReason);
        doc.Text(AwsElb, ConnTraceId, line, _connTraceId);
        doc.Text(AwsElb, ElbErrorCode, line, _elbErrorCode);
        doc.Text(AwsElbError, Reason, line, _errorReason);
        // A string, as the pipeline's unconverted NUMBER; -1 (no rule) is omitted.
        if (line.Has(_matchedRulePriority) && !line.Raw(_matchedRulePriority).SequenceEqual("-1"u8))
            doc.Text(AwsElb, MatchedRulePriority, line, _matchedRulePriority);
        doc.Text(AwsElb, Name, line, _elb);
        doc.String(AwsElb, Protocol, HttpValue);
        doc.Text(AwsElb, RedirectUrl, line, _redirectUrl);
        doc.Text(AwsElb, RequestTransformStatus, line, _requestTransformStatus);
        doc.Seconds(AwsElbRequestProcessingTime, line, _requestTime);
        doc.Seconds(AwsElbResponseProcessingTime, line, _responseTime);
        doc.Text(AwsElb, SslCipher, line, _sslCipher);
        doc.Text(AwsElb, SslProtocol, line, _sslProtocol);
        doc.Text(AwsElbTargetGroup, Arn, line, _targetGroupArn, keepDash: true);
        doc.Text(AwsElb, TargetErrorCode, line, _targetErrorCode);
        doc.List(AwsElb, TargetPort, line, _targetPortList, (byte)' ');
        doc.List(AwsElb, TargetStatusCode, line, _targetStatusCodeList, (byte)' ');
        doc.Text(AwsElb, TraceId, line, _traceId, keepDash: true);
        doc.Text(AwsElb, TransformedHost, line, _transformedHost);
        doc.Text(AwsElb, TransformedUri, line, _transformedUri);
        doc.Text(AwsElb, EcsNames.Type, line, _type);
    }

    public override void WriteDestination(ref EcsDocument doc, scoped in EcsLine line) => doc.Text(Destination, Domain, line, _domainName);

    public override JsonEncodedText Category(scoped in EcsLine line) => WebValue;

    public override void WriteEventAfterCommon(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.OutcomeOfStatus(line, _elbStatus);
        doc.Text(Event, Start, line, _requestCreationTime);
    }

    public override void WriteHttp(ref EcsDocument doc, scoped in EcsLine line) => doc.Http(line, _received, _sent, _elbStatus);

    public override void WriteObserverAndSource(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.IpAddress(Observer, line, _ipAddress);
        doc.IpAndPort(Source, line, _client, portAsNumber: true, address: true);
    }

    public override void WriteTls(ref EcsDocument doc, scoped in EcsLine line) => doc.Tls(line, _sslCipher, _sslProtocol);

    public override void WriteTraceUrlAndUserAgent(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.Text(Trace, Id, line, _traceId, keepDash: true);
        doc.Url(line);
        doc.Text(UserAgent, Original, line, _userAgent, keepDash: true);
    }
}
