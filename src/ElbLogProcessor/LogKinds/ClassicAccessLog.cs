using static ElbLogProcessor.LogKinds.Declare;
using static ElbLogProcessor.LogKinds.ValueKind;

namespace ElbLogProcessor.LogKinds;

/// <summary>Classic Load Balancer access logs: 15 fields; lines written before the TLS fields were added have 12.</summary>
/// <remarks>No vended delivery exists for it: the names are its guide's, with <c>client:port</c>, <c>backend:port</c> and
/// <c>request</c> spelt as AWS spells the same fields of the ALB and NLB records.</remarks>
internal static class ClassicAccessLog
{
    public static readonly LogKind Kind = new()
    {
        Name = "classic",
        LoadBalancerType = "classic",
        MetricName = "ClassicEvents",
        MinimumFields = 12,
        Shape = new LineShape(TokenShape.Timestamp),
        Fields =
        [
            Field("timestamp", Timestamp, "EventReceivedTime", "@timestamp", "event.end"),
            Field("elb", Text, "LoadBalancerName", "aws.elb.name"),
            Field("client_port", Endpoint, "PublicIpAndPort", "source.address", "source.ip", "source.port"),
            Field("backend_port", Endpoint, "InternalIpAndPort", "aws.elb.backend.ip", "aws.elb.backend.port"),
            Field("request_processing_time", Seconds, "TimeToForwardRequest", "aws.elb.request_processing_time.sec"),
            Field("backend_processing_time", Seconds, "TimeTaken", "aws.elb.backend_processing_time.sec"),
            Field("response_processing_time", Seconds, "TimeToForwardResponse", "aws.elb.response_processing_time.sec"),
            Field("elb_status_code", Text, "Status", "http.response.status_code", "event.outcome"),
            Field("backend_status_code", Text, "BackendStatus", "aws.elb.backend.http.response.status_code"),
            Field("received_bytes", Integer, "BytesUploadedFromClient", "http.request.body.bytes", "source.bytes"),
            Field("sent_bytes", Integer, "BytesDownloadedByClient", "http.response.body.bytes", "destination.bytes"),
            Field("request_line", RequestLine, "FullRequest", "http.request.method", "url.original", "url.*", "http.version"),
            Field("user_agent", Text, "UserAgent", "user_agent.original"),
            Field("ssl_cipher", Text, "SslCipher", "aws.elb.ssl_cipher", "tls.cipher"),
            Field("ssl_protocol", Text, "SslProtocol", "aws.elb.ssl_protocol", "tls.version", "tls.version_protocol"),
        ],
    };
}
