using static ElbLogProcessor.LogKinds.Declare;
using static ElbLogProcessor.LogKinds.ValueKind;

namespace ElbLogProcessor.LogKinds;

/// <summary>
/// Application Load Balancer access logs: 18 fields in the first (2016) layout, 36 since 2026; AWS appends new
/// fields at the end. Names: the vended record's (<c>ALB_ACCESS_LOGS</c>); the last two only legacy lines carry.
/// </summary>
internal static class AlbAccessLog
{
    public static readonly LogKind Kind = new()
    {
        Name = "application",
        LoadBalancerType = "application",
        MetricName = "ApplicationEvents",
        VendedLogType = "ALB_ACCESS_LOGS",
        MinimumFields = 18,
        Shape = new LineShape(TokenShape.Word, TokenShape.Timestamp, FirstWords: ["http", "https", "h2", "grpcs", "ws", "wss"]),
        Fields =
        [
            Field("type", Text, "RequestType"),
            Field("time", Timestamp, "EventReceivedTime", "@timestamp", "event.end"),
            Field("elb", Text, "LoadBalancerName", "aws.elb.name"),
            Field("client_port", Endpoint, "PublicIpAndPort", "source.address", "source.ip", "source.port"),
            Field("target_port", Endpoint, "InternalIpAndPort", "aws.elb.backend.ip", "aws.elb.backend.port"),
            Field("request_processing_time", Seconds, "TimeToForwardRequest", "aws.elb.request_processing_time.sec"),
            Field("target_processing_time", Seconds, "TimeTaken", "aws.elb.backend_processing_time.sec"),
            Field("response_processing_time", Seconds, "TimeToForwardResponse", "aws.elb.response_processing_time.sec"),
            Field("elb_status_code", Text, "Status", "http.response.status_code", "event.outcome"),
            Field("target_status_code", Text, "BackendStatus", "aws.elb.backend.http.response.status_code"),
            Field("received_bytes", Integer, "BytesUploadedFromClient", "http.request.body.bytes"),
            Field("sent_bytes", Integer, "BytesDownloadedByClient", "http.response.body.bytes"),
            Field("request_line", RequestLine, "FullRequest", "http.request.method", "url.original", "url.*", "http.version"),
            Field("user_agent", Text, "UserAgent", "user_agent.original"),
            Field("ssl_cipher", Text, "SslCipher", "aws.elb.ssl_cipher", "tls.cipher"),
            Field("ssl_protocol", Text, "SslProtocol", "aws.elb.ssl_protocol", "tls.version", "tls.version_protocol"),
            Field("target_group_arn", Text, "TargetGroupArn", "aws.elb.target_group.arn"),
            Field("trace_id", Text, "TraceId", "aws.elb.trace_id", "trace.id"),
            Field("domain_name", Text, "DomainName", "destination.domain"),
            Field("chosen_cert_arn", Text, "ChosenCertArn", "aws.elb.chosen_cert.arn"),
            Field("matched_rule_priority", Text, "MatchedRulePriority"),
            Field("request_creation_time", Timestamp, "RequestCreationTime", "event.start"),
            Field("actions_executed", Text, "ActionsExecuted", "aws.elb.action_executed"),
            Field("redirect_url", Text, "RedirectUrl"),
            Field("error_reason", Text, "ErrorReason", "aws.elb.error.reason"),
            Field("target_port_list", Text, "TargetPortList", "aws.elb.target_port"),
            Field("target_status_code_list", Text, "TargetStatusCodeList", "aws.elb.target_status_code"),
            Field("classification", Text, "Classification"),
            Field("classification_reason", Text, "ClassificationReason"),
            Field("conn_trace_id", Text, "ConnectionTraceId"),
            Field("transformed_host", Text, "TransformedHost"),
            Field("transformed_uri", Text, "TransformedUri"),
            Field("request_transform_status", Text, "RequestTransformStatus"),
            Field("ip_address", Ip, "LoadBalancerNodeIp", "observer.ip"),
            LegacyOnly("target_error_code", Text, "TargetErrorCode"),
            LegacyOnly("elb_error_code", Text, "ElbErrorCode"),
        ],
    };
}
