using static ElbLogProcessor.Tests.EventAssertions;

namespace ElbLogProcessor.Tests;

/// <summary>Every schema field of each example line AWS documents (docs/log-formats.md, docs/log-kinds.md).</summary>
[Trait("Category", Category.Unit)]
public class DocumentedExampleTests
{
    [Fact]
    public void Classic_http()
    {
        var (outcome, e) = Convert("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -");
        Assert.Equal(Outcome.Classic, outcome);
        Assert.Equal("classic", e.Str("LoadBalancerType"));
        AssertFields(e,
            ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
            ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
            ("TimeToForwardRequest", new Num("0.073")), ("TimeTaken", new Num("1.048")),
            ("TimeToForwardResponse", new Num("0.057")), ("Status", "200"), ("BackendStatus", "200"),
            ("BytesUploadedFromClient", new Num("0")), ("BytesDownloadedByClient", new Num("29")),
            ("FullRequest", "GET http://www.example.com:80/ HTTP/1.1"), ("RequestMethod", "GET"),
            ("RequestUrl", "http://www.example.com:80/"), ("RequestProtocol", "HTTP/1.1"),
            ("UserAgent", "curl/7.38.0"));
    }

    /// <summary>AWS's documented example lines and the exact fields of their events (all but the envelope), in order.</summary>
    public static TheoryData<string, string, Outcome, (string Name, object Value)[]> Examples => new()
    {
        {
            "Classic https",
            "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 \"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.38.0\" DHE-RSA-AES128-SHA TLSv1.2",
            Outcome.Classic,
            [
                ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
                ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
                ("TimeToForwardRequest", new Num("0.086")), ("TimeTaken", new Num("1.048")),
                ("TimeToForwardResponse", new Num("1.337")), ("Status", "200"), ("BackendStatus", "200"),
                ("BytesUploadedFromClient", new Num("0")), ("BytesDownloadedByClient", new Num("57")),
                ("FullRequest", "GET https://www.example.com:443/ HTTP/1.1"), ("RequestMethod", "GET"),
                ("RequestUrl", "https://www.example.com:443/"), ("RequestProtocol", "HTTP/1.1"),
                ("UserAgent", "curl/7.38.0"), ("SslCipher", "DHE-RSA-AES128-SHA"), ("SslProtocol", "TLSv1.2"),
            ]
        },
        {
            "Classic tcp listener",
            "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 \"- - - \" \"-\" - -",
            Outcome.Classic,
            [
                ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
                ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
                ("TimeToForwardRequest", new Num("1.069")), ("TimeTaken", new Num("0.028")),
                ("TimeToForwardResponse", new Num("0.041")),
                ("BytesUploadedFromClient", new Num("82")), ("BytesDownloadedByClient", new Num("305")),
                ("FullRequest", "- - - "),
            ]
        },
        {
            "Classic ssl listener",
            "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001065 0.000015 0.000023 - - 57 502 \"- - - \" \"-\" ECDHE-ECDSA-AES128-GCM-SHA256 TLSv1.2",
            Outcome.Classic,
            [
                ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
                ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
                ("TimeToForwardRequest", new Num("1.065")), ("TimeTaken", new Num("0.015")),
                ("TimeToForwardResponse", new Num("0.023")),
                ("BytesUploadedFromClient", new Num("57")), ("BytesDownloadedByClient", new Num("502")),
                ("FullRequest", "- - - "), ("SslCipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), ("SslProtocol", "TLSv1.2"),
            ]
        },
        {
            "Health check log fail",
            "http 2025-10-31T12:44:58.901409Z 1.121980746 172.31.31.9:80 HCLogsTestIPs FAIL 502 TargetError",
            Outcome.HealthCheck,
            [
                ("LogType", "healthcheck"),
                ("RequestType", "http"), ("EventReceivedTime", "2025-10-31T12:44:58.901409Z"), ("TimeTaken", new Num("1121.980746")),
                ("InternalIpAndPort", "172.31.31.9:80"), ("TargetGroupName", "HCLogsTestIPs"), ("HealthCheckStatus", "FAIL"),
                ("BackendStatus", "502"), ("ReasonCode", "TargetError"),
            ]
        },
        {
            "Health check log of a lambda target with elb and node",
            "lambda 2025-11-02T08:00:00.000001Z 0.250 arn:aws:lambda:us-east-1:123456789012:function:check my-targets FAIL - TimedOut app/my-lb/50dc6c495c0c9188 10.0.3.4",
            Outcome.HealthCheck,
            [
                ("LogType", "healthcheck"),
                ("RequestType", "lambda"), ("EventReceivedTime", "2025-11-02T08:00:00.000001Z"), ("TimeTaken", new Num("250")),
                ("TargetArn", "arn:aws:lambda:us-east-1:123456789012:function:check"), ("TargetGroupName", "my-targets"),
                ("HealthCheckStatus", "FAIL"), ("ReasonCode", "TimedOut"), ("LoadBalancerName", "app/my-lb/50dc6c495c0c9188"),
                ("LoadBalancerNodeIp", "10.0.3.4"),
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_documented_example_becomes_exactly_these_fields(string example, string line, Outcome expected, (string Name, object Value)[] fields)
    {
        var (outcome, e) = Convert(line);
        Assert.True(expected == outcome, $"{example}: {outcome}");
        AssertFields(e, fields);
    }

    [Fact]
    public void Application_with_connection_trace_id()
    {
        var (outcome, e) = Convert("http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" 10.0.0.1:80 200 \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166");
        Assert.Equal(Outcome.Application, outcome);
        Assert.Equal("application", e.Str("LoadBalancerType"));
        AssertFields(e,
            ("RequestType", "http"), ("EventReceivedTime", "2018-07-02T22:23:00.186641Z"),
            ("LoadBalancerName", "app/my-loadbalancer/50dc6c495c0c9188"),
            ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
            ("TimeToForwardRequest", new Num("0")), ("TimeTaken", new Num("1")), ("TimeToForwardResponse", new Num("0")),
            ("Status", "200"), ("BackendStatus", "200"),
            ("BytesUploadedFromClient", new Num("34")), ("BytesDownloadedByClient", new Num("366")),
            ("FullRequest", "GET http://www.example.com:80/ HTTP/1.1"), ("RequestMethod", "GET"),
            ("RequestUrl", "http://www.example.com:80/"), ("RequestProtocol", "HTTP/1.1"), ("UserAgent", "curl/7.46.0"),
            ("TargetGroupArn", "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067"),
            ("TraceId", "Root=1-58337262-36d228ad5d99923122bbe354"), ("MatchedRulePriority", "0"),
            ("RequestCreationTime", "2018-07-02T22:22:48.364000Z"), ("ActionsExecuted", "forward"),
            ("TargetPortList", "10.0.0.1:80"), ("TargetStatusCodeList", "200"),
            ("ConnectionTraceId", "TID_dc57cebed65b444ebc8177bb698fe166"));
    }

    [Fact]
    public void Network_without_alpn()
    {
        var (outcome, e) = Convert("tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - -");
        Assert.Equal(Outcome.Network, outcome);
        Assert.Equal("network", e.Str("LoadBalancerType"));
        AssertFields(e, NetworkCommon());
    }

    [Fact]
    public void Network_with_alpn()
    {
        var (outcome, e) = Convert("tls 2.0 2020-04-01T08:51:42 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com h2 h2 \"h2\",\"http/1.1\"");
        Assert.Equal(Outcome.Network, outcome);
        var expected = NetworkCommon();
        expected[2] = ("EventReceivedTime", "2020-04-01T08:51:42");
        AssertFields(e, [.. expected,
            ("AlpnFrontEndProtocol", "h2"), ("AlpnBackEndProtocol", "h2"),
            ("AlpnClientPreferenceList", "\"h2\",\"http/1.1\"")]);
    }

    private static (string, object)[] NetworkCommon() =>
    [
        ("RequestType", "tls"), ("LogVersion", "2.0"), ("EventReceivedTime", "2018-12-20T02:59:40"),
        ("LoadBalancerName", "net/my-network-loadbalancer/c6e77e28c25b2234"), ("Listener", "g3d4b5e8bb8464cd"),
        ("PublicIpAndPort", "72.21.218.154:51341"), ("InternalIpAndPort", "172.100.100.185:443"),
        ("ConnectionTime", new Num("5")), ("TlsHandshakeTime", new Num("2")),
        ("BytesUploadedFromClient", new Num("98")), ("BytesDownloadedByClient", new Num("246")),
        ("ChosenCertArn", "arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99"),
        ("SslCipher", "ECDHE-RSA-AES128-SHA"), ("SslProtocol", "tlsv12"),
        ("DomainName", "my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com"),
    ];

    // ALB connection logs (docs/log-kinds.md): AWS shows each entry wrapped on three lines; a real entry is one line.
    private const string ConnectionSuccess = "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 " +
        "\"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z " +
        "FEF257372D5C14D4 Success TID_3180a73013c8ca4bac2f731159d4b0fe";

    private const string ConnectionFailed = "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 - " +
        "\"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z " +
        "FEF257372D5C14D4 Failed:ClientCertUntrusted TID_1c71a68d70587445ad5127ff8b2687d7";

    [Fact]
    public void Connection_log_mutual_tls_success()
    {
        var (outcome, e) = Convert(ConnectionSuccess);
        Assert.Equal(Outcome.Connection, outcome);
        Assert.Equal(("application", "connection"), (e.Str("LoadBalancerType"), e.Str("LogType")));
        AssertFields(e,
            ("LogType", "connection"),
            ("EventReceivedTime", "2023-10-04T17:05:15.514108Z"), ("PublicIpAndPort", "203.0.113.1:36280"), ("ListenerPort", new Num("443")),
            ("SslProtocol", "TLSv1.2"), ("SslCipher", "ECDHE-RSA-AES128-GCM-SHA256"), ("TlsHandshakeTime", new Num("4036")),
            ("ClientCertSubject", "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US"),
            ("ClientCertNotBefore", "2023-09-21T22:43:21Z"), ("ClientCertNotAfter", "2026-06-17T22:43:21Z"),
            ("ClientCertSerial", "FEF257372D5C14D4"), ("TlsVerifyStatus", "Success"),
            ("ConnectionTraceId", "TID_3180a73013c8ca4bac2f731159d4b0fe"));
    }

    [Fact]
    public void Connection_log_failed_handshake_has_no_latency()
    {
        var (outcome, e) = Convert(ConnectionFailed);
        Assert.Equal(Outcome.Connection, outcome);
        AssertFields(e,
            ("LogType", "connection"),
            ("EventReceivedTime", "2023-10-04T17:05:15.514108Z"), ("PublicIpAndPort", "203.0.113.1:36280"), ("ListenerPort", new Num("443")),
            ("SslProtocol", "TLSv1.2"), ("SslCipher", "ECDHE-RSA-AES128-GCM-SHA256"),
            ("ClientCertSubject", "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US"),
            ("ClientCertNotBefore", "2023-09-21T22:43:21Z"), ("ClientCertNotAfter", "2026-06-17T22:43:21Z"),
            ("ClientCertSerial", "FEF257372D5C14D4"), ("TlsVerifyStatus", "Failed:ClientCertUntrusted"),
            ("ConnectionTraceId", "TID_1c71a68d70587445ad5127ff8b2687d7"));
    }

    [Fact]
    public void Connection_log_of_today_with_its_fifteen_fields_and_a_trailing_one()
    {
        var (outcome, e) = Convert(ConnectionSuccess + " X25519MLKEM768 app/my-lb/50dc6c495c0c9188 10.0.1.5 -");
        Assert.Equal(Outcome.Connection, outcome);
        Assert.Equal(("X25519MLKEM768", "app/my-lb/50dc6c495c0c9188", "10.0.1.5"),
            (e.Str("TlsNamedGroup"), e.Str("LoadBalancerName"), e.Str("LoadBalancerNodeIp")));
        Assert.Equal(["-"], e.GetProperty("ExtraFields").EnumerateArray().Select(x => x.GetString()));
    }

    [Theory]
    [InlineData("2023-10-04T17:05:15.514108Z 2001:db8::1 36280 443 TLSv1.3 TLS_AES_128_GCM_SHA256 0.5 \"-\" - - - TID_1", "[2001:db8::1]:36280")]
    [InlineData("2023-10-04T17:05:15.514108Z 203.0.113.9 36280 80 - - - \"-\" - - - TID_2", "203.0.113.9:36280")]
    public void Connection_log_without_tls_or_client_certificate(string line, string client)
    {
        var (outcome, e) = Convert(line);
        Assert.Equal(Outcome.Connection, outcome);
        Assert.Equal(client, e.Str("PublicIpAndPort"));
        foreach (var absent in new[] { "ClientCertSubject", "ClientCertNotBefore", "ClientCertNotAfter", "ClientCertValidity", "ClientCertSerial", "TlsVerifyStatus" })
            Assert.False(e.TryGetProperty(absent, out _), absent);
    }

    [Fact]
    public void Certificate_validity_that_does_not_split_is_sent_as_written()
    {
        var (_, e) = Convert(ConnectionSuccess.Replace("NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z", "2023-09-21/2026-06-17"));
        Assert.Equal("2023-09-21/2026-06-17", e.Str("ClientCertValidity"));
        Assert.False(e.TryGetProperty("ClientCertNotBefore", out _));
    }

    [Fact]
    public void Health_check_log_pass()
    {
        var (outcome, e) = Convert("http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 HCLogsTestIPs PASS 200 -");
        Assert.Equal(Outcome.HealthCheck, outcome);
        Assert.Equal(("application", "healthcheck"), (e.Str("LoadBalancerType"), e.Str("LogType")));
        AssertFields(e,
            ("LogType", "healthcheck"),
            ("RequestType", "http"), ("EventReceivedTime", "2025-10-31T12:44:59.875678Z"), ("TimeTaken", new Num("19.584011")),
            ("InternalIpAndPort", "172.31.20.97:80"), ("TargetGroupName", "HCLogsTestIPs"), ("HealthCheckStatus", "PASS"),
            ("BackendStatus", "200"));
    }

    [Theory]
    [InlineData("100.51.96.60 \"-\" \"-\"", "100.51.96.60", null, null)]
    [InlineData("100.51.96.60 0x8 -", "100.51.96.60", "0x8", null)]
    [InlineData("100.51.96.60 \"0x7\" \"0xb\"", "100.51.96.60", "0x7", "0xb")]
    public void Alb_access_fields_added_in_2026_quoted_or_not(string added, string node, string? targetError, string? elbError)
    {
        // AWS's current example: ... TID_1234abcd5678ef90 "-" "-" "-", then the three 2026 fields.
        var line = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 000 - 34 366 " +
                   "\"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 " +
                   "\"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"-\" \"-\" \"-\" " +
                   "TID_1234abcd5678ef90 \"-\" \"-\" \"-\" " + added;
        var (outcome, e) = Convert(line);
        Assert.Equal(Outcome.Application, outcome);
        Assert.False(e.TryGetProperty("LogType", out _));            // access-log events keep their schema
        Assert.Equal("000", e.Str("Status"));
        Assert.Equal(node, e.Str("LoadBalancerNodeIp"));
        Assert.Equal(targetError, e.TryGetProperty("TargetErrorCode", out var t) ? t.GetString() : null);
        Assert.Equal(elbError, e.TryGetProperty("ElbErrorCode", out var x) ? x.GetString() : null);
        Assert.False(e.TryGetProperty("ExtraFields", out _));
    }
}
