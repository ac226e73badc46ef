namespace ElbLogProcessor.Parsing;

/// <summary>The field layouts of every format this version reads, with the event-schema name of each field.</summary>
internal static class LogLayouts
{
    // Classic ELB: 15 fields; lines written before the TLS fields were added have 12.
    public static readonly LogLayout Classic = new(LogFormat.Classic, "classic", QuoteAware: true, MinimumFields: 12,
    [
        Text("EventReceivedTime"), Text("LoadBalancerName"), Text("PublicIpAndPort"), Text("InternalIpAndPort"),
        Seconds("TimeToForwardRequest"), Seconds("TimeTaken"), Seconds("TimeToForwardResponse"),
        Text("Status"), Text("BackendStatus"),
        Integer("BytesUploadedFromClient"), Integer("BytesDownloadedByClient"),
        Request(), Text("UserAgent"), Text("SslCipher"), Text("SslProtocol"),
    ]);

    // ALB: 18 fields in its first (2016) layout, 36 since 2026; newer fields are appended at the end.
    public static readonly LogLayout Application = new(LogFormat.Application, "application", QuoteAware: true, MinimumFields: 18,
    [
        Text("RequestType"), Text("EventReceivedTime"), Text("LoadBalancerName"), Text("PublicIpAndPort"),
        Text("InternalIpAndPort"),
        Seconds("TimeToForwardRequest"), Seconds("TimeTaken"), Seconds("TimeToForwardResponse"),
        Text("Status"), Text("BackendStatus"),
        Integer("BytesUploadedFromClient"), Integer("BytesDownloadedByClient"),
        Request(), Text("UserAgent"), Text("SslCipher"), Text("SslProtocol"),
        Text("TargetGroupArn"), Text("TraceId"), Text("DomainName"), Text("ChosenCertArn"),
        Text("MatchedRulePriority"), Text("RequestCreationTime"), Text("ActionsExecuted"), Text("RedirectUrl"),
        Text("ErrorReason"), Text("TargetPortList"), Text("TargetStatusCodeList"), Text("Classification"),
        Text("ClassificationReason"), Text("ConnectionTraceId"), Text("TransformedHost"), Text("TransformedUri"),
        Text("RequestTransformStatus"), Text("LoadBalancerNodeIp"), Text("TargetErrorCode"), Text("ElbErrorCode"),
    ]);

    // NLB (TLS listeners): version 1.0 has 18 fields, 2.0 adds ALPN and the connection creation time.
    public static readonly LogLayout Network = new(LogFormat.Network, "network", QuoteAware: false, MinimumFields: 18,
    [
        Text("RequestType"), Text("LogVersion"), Text("EventReceivedTime"), Text("LoadBalancerName"),
        Text("Listener"), Text("PublicIpAndPort"), Text("InternalIpAndPort"),
        Milliseconds("ConnectionTime"), Milliseconds("TlsHandshakeTime"),
        Integer("BytesUploadedFromClient"), Integer("BytesDownloadedByClient"),
        Text("IncomingTlsAlert"), Text("ChosenCertArn"), Text("ChosenCertSerial"), Text("SslCipher"),
        Text("SslProtocol"), Text("TlsNamedGroup"), Text("DomainName"), Text("AlpnFrontEndProtocol"),
        Text("AlpnBackEndProtocol"), Text("AlpnClientPreferenceList"), Text("TlsConnectionCreationTime"),
    ]);

    // ALB connection logs: 15 fields today (tls_keyexchange, elb and ip_address added later); older files stop at 11 or 12.
    public static readonly LogLayout Connection = new(LogFormat.Connection, "connection", QuoteAware: true, MinimumFields: 11,
    [
        Text("EventReceivedTime"), new("PublicIpAndPort", FieldKind.IpBeforePort), new("", FieldKind.PortAfterIp),
        Integer("ListenerPort"), Text("SslProtocol"), Text("SslCipher"), Seconds("TlsHandshakeTime"),
        Text("ClientCertSubject"), new("ClientCertValidity", FieldKind.CertificateValidity), Text("ClientCertSerial"),
        Text("TlsVerifyStatus"), Text("ConnectionTraceId"), Text("TlsNamedGroup"), Text("LoadBalancerName"), Text("LoadBalancerNodeIp"),
    ]);

    // ALB health check logs: 10 fields; AWS's examples (and older files) stop at 8, before elb and ip_address.
    public static readonly LogLayout HealthCheck = new(LogFormat.HealthCheck, "healthcheck", QuoteAware: true, MinimumFields: 8,
    [
        Text("RequestType"), Text("EventReceivedTime"), Seconds("TimeTaken"), new("InternalIpAndPort", FieldKind.TargetAddress),
        Text("TargetGroupName"), Text("HealthCheckStatus"), Text("BackendStatus"), Text("ReasonCode"),
        Text("LoadBalancerName"), Text("LoadBalancerNodeIp"),
    ]);

    /// <summary>Every layout, indexed by its <see cref="LogFormat"/> (null for <see cref="LogFormat.Unknown"/>).</summary>
    public static readonly LogLayout?[] ByFormat = [null, Classic, Application, Network, Connection, HealthCheck];

    /// <summary>The most fields any layout names.</summary>
    public static readonly int MaxFields = ByFormat.Max(layout => layout?.Fields.Length ?? 0);

    public static LogLayout? For(LogFormat format) => ByFormat[(int)format];

    private static LogField Text(string name) => new(name, FieldKind.Text);
    private static LogField Seconds(string name) => new(name, FieldKind.Seconds);
    private static LogField Milliseconds(string name) => new(name, FieldKind.Milliseconds);
    private static LogField Integer(string name) => new(name, FieldKind.Integer);
    private static LogField Request() => new("FullRequest", FieldKind.Request);
}
