using static ElbLogProcessor.LogKinds.Declare;
using static ElbLogProcessor.LogKinds.ValueKind;

namespace ElbLogProcessor.LogKinds;

/// <summary>
/// Application Load Balancer connection logs (TLS handshakes, mutual TLS): 15 fields today (<c>tls_keyexchange</c>,
/// <c>elb</c> and <c>ip_address</c> added later); older files stop at 11 or 12. Names: the vended record's
/// (<c>ALB_CONNECTION_LOGS</c>; the legacy guide calls the first field <c>timestamp</c>).
/// </summary>
internal static class AlbConnectionLog
{
    public static readonly LogKind Kind = new()
    {
        Name = "connection",
        LoadBalancerType = "application",
        LogType = "connection",
        MetricName = "ConnectionEvents",
        VendedLogType = "ALB_CONNECTION_LOGS",
        MinimumFields = 11,
        // timestamp client_ip client_port: a bare port after a bare IP, where classic has the load balancer, then client:port.
        Shape = new LineShape(TokenShape.Timestamp, TokenShape.Ip, TokenShape.Digits, ThirdMayBeDashWhenNamed: true),
        // AWS's pages print both conn_log_ (real objects) and conn_log. (older copies).
        FileNamePrefixes = ["conn_log_", "conn_log."],
        Fields =
        [
            Field("time", Timestamp, "EventReceivedTime", "@timestamp", "event.end"),
            Field("client_ip", Ip, "PublicIpAndPort", "source.address", "source.ip"),
            Field("client_port", Port, null, "source.port"),
            Field("listener_port", Integer, "ListenerPort", "destination.port"),
            Field("tls_protocol", Text, "SslProtocol", "aws.elb.ssl_protocol", "tls.version", "tls.version_protocol"),
            Field("tls_cipher", Text, "SslCipher", "aws.elb.ssl_cipher", "tls.cipher"),
            Field("tls_handshake_latency", Seconds, "TlsHandshakeTime", "aws.elb.tls_handshake_time.ms"),
            Field("leaf_client_cert_subject", Text, "ClientCertSubject", "tls.client.subject"),
            Field("leaf_client_cert_validity", CertificateValidity, "ClientCertValidity",
                "tls.client.not_before", "tls.client.not_after", "aws.elb.leaf_client_cert_validity"),
            Field("leaf_client_cert_serial_number", Text, "ClientCertSerial", "tls.client.x509.serial_number"),
            Field("tls_verify_status", Text, "TlsVerifyStatus", "aws.elb.tls_verify_status", "event.outcome"),
            Field("conn_trace_id", Text, "ConnectionTraceId"),
            Field("tls_keyexchange", Text, "TlsNamedGroup", "aws.elb.ssl_named_group"),
            Field("elb", Text, "LoadBalancerName", "aws.elb.name"),
            Field("ip_address", Ip, "LoadBalancerNodeIp", "observer.ip"),
        ],
    };
}
