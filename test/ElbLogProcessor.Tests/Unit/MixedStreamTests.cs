using System.Text;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Tests;

/// <summary>Formats are told apart per line: a stream that mixes every kind gives one event of the right kind per line.</summary>
[Trait("Category", Category.Unit)]
public class MixedStreamTests
{
    private static readonly (string Line, string? LoadBalancerType, string? LogType)[] Lines =
    [
        (LogLines.Classic, "classic", null),
        (LogLines.Alb, "application", null),
        ("2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 \"-\" - - - TID_1", "application", "connection"),
        ("http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 HCLogsTestIPs PASS 200 -", "application", "healthcheck"),
        (LogLines.Nlb, "network", null),
        ("this is not a log line", null, null),
        ("https 2025-10-31T12:44:59.875678Z 1.5 172.31.20.98:443 tg FAIL 503 ResponseCodeMismatch app/lb/1 10.0.0.1", "application", "healthcheck"),
        ("2023-10-04T17:05:16.000000Z 198.51.100.7 5000 443 TLSv1.3 TLS_AES_256_GCM_SHA384 0.002 \"CN=x\" NotBefore=2024-01-01T00:00:00Z;NotAfter=2025-01-01T00:00:00Z 01 Success TID_2 X25519 app/lb/1 10.0.0.2", "application", "connection"),
    ];

    [Fact]
    public async Task Every_line_becomes_one_event_of_its_own_kind()
    {
        using var folder = new TempFolder();
        var path = folder.Write("mixed.log", Encoding.UTF8.GetBytes(string.Join("\n", Lines.Select(l => l.Line)) + "\n"));
        var result = await CommandRunner.Run("process", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Lines.Length, result.Events.Count);
        foreach (var ((_, type, kind), e) in Lines.Zip(result.Events))
        {
            Assert.Equal(type, e.TryGetProperty("LoadBalancerType", out var t) ? t.GetString() : null);
            Assert.Equal(kind, e.TryGetProperty("LogType", out var k) ? k.GetString() : null);
            Assert.Equal(type is null, e.TryGetProperty("tags", out _));
        }

        var events = result.Summary.GetProperty("Events");
        Assert.Equal((1, 1, 1, 2, 2), (events.GetProperty("classic").GetInt32(), events.GetProperty("application").GetInt32(),
            events.GetProperty("network").GetInt32(), events.GetProperty("connection").GetInt32(), events.GetProperty("healthcheck").GetInt32()));
        Assert.Equal(1, result.Summary.GetProperty("Malformed").GetInt32());
    }

    [Fact]
    public async Task In_an_object_named_as_a_connection_log_a_line_without_its_port_is_still_a_connection_line()
    {
        using var folder = new TempFolder();
        const string line = "2023-10-04T17:05:15.514108Z 203.0.113.1 - 443 - - - \"-\" - - - TID_3";
        var named = folder.Write("conn_log_123456789012_elasticloadbalancing_us-east-1_app.lb.1_20231004T1705Z_10.0.0.1_abc.log", Encoding.UTF8.GetBytes(line + "\n"));
        var plain = folder.Write("other.log", Encoding.UTF8.GetBytes(LogLines.Classic + "\n" + line + "\n"));

        var e = Assert.Single((await CommandRunner.Run("process", named)).Events);
        Assert.Equal("connection", e.GetProperty("LogType").GetString());
        Assert.Equal("203.0.113.1", e.GetProperty("PublicIpAndPort").GetString());

        // Without the name, the shape alone cannot tell: it reads as a classic line, the client IP as the load balancer.
        var unnamed = (await CommandRunner.Run("process", plain)).Events[1];
        Assert.Equal("classic", unnamed.GetProperty("LoadBalancerType").GetString());
        Assert.Equal("203.0.113.1", unnamed.GetProperty("LoadBalancerName").GetString());
        Assert.Equal(AlbConnectionLog.Kind, LogKind.NamedBy(named));
    }
}
