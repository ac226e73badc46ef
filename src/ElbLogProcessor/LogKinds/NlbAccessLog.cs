using static ElbLogProcessor.LogKinds.Declare;
using static ElbLogProcessor.LogKinds.ValueKind;

namespace ElbLogProcessor.LogKinds;

/// <summary>
/// Network Load Balancer access logs (TLS listeners): version 1.0 has 18 fields, 2.0 adds ALPN and the connection's
/// creation time. Names: the vended record's (<c>NLB_ACCESS_LOGS</c>); fields are never quoted.
/// </summary>
internal static class NlbAccessLog
{
    public static readonly LogKind Kind = new()
    {
        Name = "network",
        LoadBalancerType = "network",
        MetricName = "NetworkEvents",
        VendedLogType = "NLB_ACCESS_LOGS",
        QuoteAware = false,
        MinimumFields = 18,
        Shape = new LineShape(TokenShape.Word, TokenShape.Version, FirstWords: ["tls"]),
        Fields =
        [
            Field("type", Text, "RequestType"),
            NotInEcs("version", Text, "LogVersion"),
            Field("time", Timestamp, "EventReceivedTime", "@timestamp", "event.end"),
            Field("elb", Text, "LoadBalancerName", "aws.elb.name"),
            Field("listener", Text, "Listener"),
            Field("client_port", Endpoint, "PublicIpAndPort", "source.address", "source.ip", "source.port"),
            Field("destination_port", Endpoint, "InternalIpAndPort", "aws.elb.backend.ip", "aws.elb.backend.port"),
            Field("connection_time", Milliseconds, "ConnectionTime", "aws.elb.connection_time.ms"),
            Field("tls_handshake_time", Milliseconds, "TlsHandshakeTime", "aws.elb.tls_handshake_time.ms"),
            Field("received_bytes", Integer, "BytesUploadedFromClient", "source.bytes"),
            Field("sent_bytes", Integer, "BytesDownloadedByClient", "destination.bytes"),
            Field("incoming_tls_alert", Text, "IncomingTlsAlert"),
            Field("chosen_cert_arn", Text, "ChosenCertArn", "aws.elb.chosen_cert.arn"),
            Field("chosen_cert_serial", Text, "ChosenCertSerial", "aws.elb.chosen_cert.serial"),
            Field("tls_cipher", Text, "SslCipher", "aws.elb.ssl_cipher", "tls.cipher"),
            Field("tls_protocol_version", Text, "SslProtocol", "aws.elb.ssl_protocol", "tls.version", "tls.version_protocol"),
            Field("tls_keyexchange", Text, "TlsNamedGroup", "aws.elb.ssl_named_group"),
            Field("domain_name", Text, "DomainName", "destination.domain"),
            Field("alpn_fe_protocol", Text, "AlpnFrontEndProtocol"),
            Field("alpn_be_protocol", Text, "AlpnBackEndProtocol"),
            Field("alpn_client_preference_list", Text, "AlpnClientPreferenceList"),
            Field("tls_connection_creation_time", Timestamp, "TlsConnectionCreationTime"),
        ],
    };
}
