using System.Text.Json;
using ElbLogProcessor.LogKinds;
using static ElbLogProcessor.Events.Ecs.EcsNames;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>NLB access logs (TLS listeners), as the integration's NLB pattern reads them, ALPN and the connection's creation time included.</summary>
internal sealed class NlbAccessMapping : EcsMapping
{
    private readonly int _type, _elb, _listener, _client, _destination, _connectionTime, _tlsHandshakeTime, _received, _sent, _incomingTlsAlert,
        _chosenCertArn, _chosenCertSerial, _tlsCipher, _tlsProtocol, _tlsKeyExchange, _domainName, _alpnFe, _alpnBe, _alpnClientPreferences,
        _tlsConnectionCreationTime;

    public NlbAccessMapping() : base(NlbAccessLog.Kind, "time")
    {
        _type = Field("type");
        _elb = Field("elb");
        _listener = Field("listener");
        _client = Field("client_port");
        _destination = Field("destination_port");
        _connectionTime = Field("connection_time");
        _tlsHandshakeTime = Field("tls_handshake_time");
        _received = Field("received_bytes");
        _sent = Field("sent_bytes");
        _incomingTlsAlert = Field("incoming_tls_alert");
        _chosenCertArn = Field("chosen_cert_arn");
        _chosenCertSerial = Field("chosen_cert_serial");
        _tlsCipher = Field("tls_cipher");
        _tlsProtocol = Field("tls_protocol_version");
        _tlsKeyExchange = Field("tls_keyexchange");
        _domainName = Field("domain_name");
        _alpnFe = Field("alpn_fe_protocol");
        _alpnBe = Field("alpn_be_protocol");
        _alpnClientPreferences = Field("alpn_client_preference_list");
        _tlsConnectionCreationTime = Field("tls_connection_creation_time");
    }

    public override void WriteAws(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.Text(AwsElb, AlpnBeProtocol, line, _alpnBe);
        WriteAlpnPreferences(ref doc, line);
        doc.Text(AwsElb, AlpnFeProtocol, line, _alpnFe);
        doc.IpAndPort(AwsElbBackend, line, _destination, portAsNumber: false);
        doc.Text(AwsElbChosenCert, Arn, line, _chosenCertArn);
        doc.Text(AwsElbChosenCert, Serial, line, _chosenCertSerial);
        doc.Number(AwsElbConnectionTime, Ms, line, _connectionTime);
        doc.Text(AwsElb, IncomingTlsAlert, line, _incomingTlsAlert);
        doc.Text(AwsElb, Listener, line, _listener);
        doc.Text(AwsElb, Name, line, _elb);
        doc.String(AwsElb, Protocol, TcpValue);
        doc.Text(AwsElb, SslCipher, line, _tlsCipher);
        doc.Text(AwsElb, SslNamedGroup, line, _tlsKeyExchange);
        doc.Text(AwsElb, SslProtocol, line, _tlsProtocol);
        doc.Time(AwsElb, TlsConnectionCreationTime, line, _tlsConnectionCreationTime);
        doc.Number(AwsElbTlsHandshakeTime, Ms, line, _tlsHandshakeTime);
        doc.Text(AwsElb, EcsNames.Type, line, _type);
    }

    /// <summary>The ALPN preference list without its outer quotes, as the integration captures it (<c>h2","http/1.1</c>).</summary>
    private void WriteAlpnPreferences(ref EcsDocument doc, scoped in EcsLine line)
    {
        if (!line.Has(_alpnClientPreferences)) return;
        var value = line.Raw(_alpnClientPreferences);
        if (value.StartsWith("\\\""u8) && value.EndsWith("\\\""u8) && value.Length >= 4) value = value[2..^2];
        else if (value.Length >= 2 && value[0] == (byte)'"' && value[^1] == (byte)'"') value = value[1..^1];
        doc.StringChecked(AwsElb, AlpnClientPreferenceList, value);
    }

    public override void WriteDestination(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.Number(Destination, Bytes, line, _sent);
        doc.Text(Destination, Domain, line, _domainName);
    }

    public override JsonEncodedText Category(scoped in EcsLine line) => NetworkValue;

    public override void WriteObserverAndSource(ref EcsDocument doc, scoped in EcsLine line)
    {
        doc.IpAndPort(Source, line, _client, portAsNumber: true, address: true);
        doc.Number(Source, Bytes, line, _received);
    }

    public override void WriteTls(ref EcsDocument doc, scoped in EcsLine line) => doc.Tls(line, _tlsCipher, _tlsProtocol);
}
