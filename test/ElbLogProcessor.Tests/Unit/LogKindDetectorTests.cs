using System.Text;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class LogKindDetectorTests
{
    [Theory]
    [InlineData("2015-05-13T23:39:43.945958Z my-lb", "classic")]
    [InlineData("http 2018-07-02T22:23:00.186641Z app", "application")]
    [InlineData("https 2018-07-02T22:23:00Z app", "application")]
    [InlineData("h2 2018-07-02T22:23:00Z app", "application")]
    [InlineData("grpcs 2018-07-02T22:23:00Z app", "application")]
    [InlineData("ws 2018-07-02T22:23:00Z app", "application")]
    [InlineData("wss 2018-07-02T22:23:00Z app", "application")]
    [InlineData("tls 2.0 2018-12-20T02:59:40 net", "network")]
    [InlineData("tls 1.0 2018-12-20T02:59:40 net", "network")]
    [InlineData("http not-a-time", null)]
    [InlineData("ftp 2018-07-02T22:23:00Z app", null)]
    [InlineData("tls 2 x", null)]
    [InlineData("tls 2.x x", null)]
    [InlineData("2015-05-13", null)]
    [InlineData("", null)]
    [InlineData(" leading space", null)]
    [InlineData("2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2", "connection")]
    [InlineData("2023-10-04T17:05:15.514108Z 2001:db8::1 36280 443 TLSv1.3", "connection")]
    [InlineData("2023-10-04T17:05:15.514108Z my-lb 203.0.113.1:36280 10.0.0.1:80", "classic")]
    [InlineData("2023-10-04T17:05:15.514108Z 203.0.113.1 - 443", "classic")]
    [InlineData("2023-10-04T17:05:15.514108Z 10.0.0.1 36280", "connection")]
    [InlineData("http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 HCLogsTestIPs PASS 200 -", "healthcheck")]
    [InlineData("grpc 2025-10-31T12:44:59.875678Z 2 172.31.20.97:80 tg PASS 0 -", "healthcheck")]
    [InlineData("lambda 2025-10-31T12:44:59.875678Z 0.5 arn:aws:lambda:us-east-1:1:function:f tg PASS 200 -", "healthcheck")]
    [InlineData("http 2025-10-31T12:44:59.875678Z app/my-lb/1 1.2.3.4:5", "application")]
    [InlineData("http 2025-10-31T12:44:59.875678Z - 172.31.20.97:80 tg FAIL - TimedOut", "application")]
    [InlineData("grpc 2025-10-31T12:44:59.875678Z app/my-lb/1", null)]
    [InlineData("grpcs 2025-10-31T12:44:59.875678Z 0.5 1.2.3.4:5", "application")]
    public void Detects_by_first_tokens(string line, string? expected) =>
        Assert.Equal(Kind(expected), LogKindDetector.Detect(Encoding.UTF8.GetBytes(line)));

    [Theory]
    [InlineData("2023-10-04T17:05:15.514108Z 203.0.113.1 - 443 - - -", "connection", "connection")]
    [InlineData("2023-10-04T17:05:15.514108Z 203.0.113.1 - 443 - - -", null, "classic")]
    [InlineData("http 2025-10-31T12:44:59.875678Z - 172.31.20.97:80 tg FAIL - TimedOut", "healthcheck", "healthcheck")]
    [InlineData("http 2025-10-31T12:44:59.875678Z - 172.31.20.97:80 tg FAIL - TimedOut", "connection", "application")]
    [InlineData("2015-05-13T23:39:43.945958Z my-lb 192.168.131.39:2817 10.0.0.1:80", "connection", "classic")]
    public void The_object_name_decides_only_where_the_shape_cannot(string line, string? named, string detected) =>
        Assert.Equal(Kind(detected), LogKindDetector.Detect(Encoding.UTF8.GetBytes(line), Kind(named)));

    [Theory]
    [InlineData("AWSLogs/1/elasticloadbalancing/eu-central-1/2024/02/07/conn_log_347414000000_elasticloadbalancing_eu-central-1_app.x.5ede558f4b0e97a9_20240207T0955Z_10.43.0.1_b38hdhc6.log.gz", "connection")]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/2024/02/07/conn_log.1_elasticloadbalancing_us-east-1_app.x.1_20240207T0955Z_10.0.0.1_x.log.gz", "connection")]
    [InlineData("prefix/AWSLogs/1/elasticloadbalancing/us-east-1/2025/11/01/health_check_log_1_elasticloadbalancing_us-east-1_app.x.1_20251101T0000Z_10.0.0.1_y.log.gz", "healthcheck")]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/2025/11/01/1_elasticloadbalancing_us-east-1_app.my-lb.1_20251101T0000Z_10.0.0.1_z.log.gz", null)]
    [InlineData("s3://bucket/conn_logs/readme.txt", null)]
    public void The_object_name_announces_connection_and_health_check_logs(string key, string? expected) =>
        Assert.Equal(Kind(expected), LogKind.NamedBy(key));

    /// <summary>The kind named <paramref name="name"/>; null for none.</summary>
    private static LogKind? Kind(string? name) => name is null ? null : LogKind.All.Single(k => k.Name == name);
}
