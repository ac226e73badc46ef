using System.Text.Json;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;
using static ElbLogProcessor.Events.Ecs.EcsNames;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>ALB connection logs: ECS's source, destination and tls.client fields, the rest under aws.elb as in access logs.</summary>
internal sealed class AlbConnectionMapping : EcsMapping
{
    private readonly int _clientIp, _clientPort, _listenerPort, _tlsProtocol, _tlsCipher, _tlsHandshakeLatency, _subject, _validity, _serial,
        _verifyStatus, _connTraceId, _keyExchange, _elb, _ipAddress;

    public AlbConnectionMapping() : base(AlbConnectionLog.Kind, "time")
    {
        _clientIp = Field("client_ip");
        _clientPort = Field("client_port");
        _listenerPort = Field("listener_port");
        _tlsProtocol = Field("tls_protocol");
        _tlsCipher = Field("tls_cipher");
        _tlsHandshakeLatency = Field("tls_handshake_latency");
        _subject = Field("leaf_client_cert_subject");
        _validity = Field("leaf_client_cert_validity");
        _serial = Field("leaf_client_cert_serial_number");
        _verifyStatus = Field("tls_verify_status");
        _connTraceId = Field("conn_trace_id");
        _keyExchange = Field("tls_keyexchange");
        _elb = Field("elb");
        _ipAddress = Field("ip_address");
    }

    /// <summary>The certificate's validity split in two (tls.client.not_before, not_after); false when it does not split.</summary>
    private bool Validity(scoped in EcsLine line, out ReadOnlySpan<byte> notBefore, out ReadOnlySpan<byte> notAfter)
    {
        notBefore = notAfter = default;
        return line.Has(_validity) && CertificateValidity.TrySplit(line.Raw(_validity), out notBefore, out notAfter);
    }

    public override void WriteAws(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.Text(AwsElb, ConnTraceId, line, _connTraceId);
        if (!Validity(line, out _, out _)) doc.Text(AwsElb, LeafClientCertValidity, line, _validity);
        doc.Text(AwsElb, Name, line, _elb);
        doc.String(AwsElb, Protocol, TcpValue);
        doc.Text(AwsElb, SslCipher, line, _tlsCipher);
        doc.Text(AwsElb, SslNamedGroup, line, _keyExchange);
        doc.Text(AwsElb, SslProtocol, line, _tlsProtocol);
        doc.Number(AwsElbTlsHandshakeTime, Ms, line, _tlsHandshakeLatency);
        doc.Text(AwsElb, TlsVerifyStatus, line, _verifyStatus);
    }

    public override void WriteDestination(ref EcsDocument doc, scoped in EcsLine line) => doc.Number(Destination, Port, line, _listenerPort);

    public override JsonEncodedText Category(scoped in EcsLine line) => NetworkValue;

    public override void WriteEventAfterCommon(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.OutcomeOfWord(line, _verifyStatus, "Success"u8, "Failed"u8, failureIsPrefix: true);
        doc.OneValueArray(Event, EcsNames.Type, ConnectionValue);
    }

    public override void WriteObserverAndSource(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.IpAddress(Observer, line, _ipAddress);
        if (line.Has(_clientIp))
        {
            var ip = line.Raw(_clientIp);
            doc.String(Source, Address, ip);
            if (IpText.IsIp(ip)) doc.Writer.WriteString(Ip, ip);
        }

        doc.Number(Source, Port, line, _clientPort);
    }

    public override void WriteTls(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.Tls(line, _tlsCipher, _tlsProtocol);
        if (Validity(line, out var notBefore, out var notAfter))
        {
            doc.String(TlsClient, NotAfter, notAfter);
            doc.Writer.WriteString(NotBefore, notBefore);
        }

        doc.Text(TlsClient, Subject, line, _subject);
        doc.Text(TlsClientX509, SerialNumber, line, _serial);
    }
}
