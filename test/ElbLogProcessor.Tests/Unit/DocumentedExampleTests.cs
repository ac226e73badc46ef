using static ElbLogProcessor.Tests.EventAssertions;

namespace ElbLogProcessor.Tests;

/// <summary>Every schema field of each example line AWS documents (docs/log-formats.md).</summary>
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

    [Fact]
    public void Classic_https()
    {
        var (outcome, e) = Convert("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000086 0.001048 0.001337 200 200 0 57 \"GET https://www.example.com:443/ HTTP/1.1\" \"curl/7.38.0\" DHE-RSA-AES128-SHA TLSv1.2");
        Assert.Equal(Outcome.Classic, outcome);
        AssertFields(e,
            ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
            ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
            ("TimeToForwardRequest", new Num("0.086")), ("TimeTaken", new Num("1.048")),
            ("TimeToForwardResponse", new Num("1.337")), ("Status", "200"), ("BackendStatus", "200"),
            ("BytesUploadedFromClient", new Num("0")), ("BytesDownloadedByClient", new Num("57")),
            ("FullRequest", "GET https://www.example.com:443/ HTTP/1.1"), ("RequestMethod", "GET"),
            ("RequestUrl", "https://www.example.com:443/"), ("RequestProtocol", "HTTP/1.1"),
            ("UserAgent", "curl/7.38.0"), ("SslCipher", "DHE-RSA-AES128-SHA"), ("SslProtocol", "TLSv1.2"));
    }

    [Fact]
    public void Classic_tcp_listener()
    {
        var (outcome, e) = Convert("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 \"- - - \" \"-\" - -");
        Assert.Equal(Outcome.Classic, outcome);
        AssertFields(e,
            ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
            ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
            ("TimeToForwardRequest", new Num("1.069")), ("TimeTaken", new Num("0.028")),
            ("TimeToForwardResponse", new Num("0.041")),
            ("BytesUploadedFromClient", new Num("82")), ("BytesDownloadedByClient", new Num("305")),
            ("FullRequest", "- - - "));
    }

    [Fact]
    public void Classic_ssl_listener()
    {
        var (outcome, e) = Convert("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001065 0.000015 0.000023 - - 57 502 \"- - - \" \"-\" ECDHE-ECDSA-AES128-GCM-SHA256 TLSv1.2");
        Assert.Equal(Outcome.Classic, outcome);
        AssertFields(e,
            ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
            ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
            ("TimeToForwardRequest", new Num("1.065")), ("TimeTaken", new Num("0.015")),
            ("TimeToForwardResponse", new Num("0.023")),
            ("BytesUploadedFromClient", new Num("57")), ("BytesDownloadedByClient", new Num("502")),
            ("FullRequest", "- - - "), ("SslCipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), ("SslProtocol", "TLSv1.2"));
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
}
