using System.Text;

namespace ElbLogProcessor.Tests;

/// <summary>Log lines and whole logs for tests: AWS's documented examples and distinct generated lines.</summary>
internal static class LogLines
{
    public const string Classic = "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -";
    public const string Alb = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" 10.0.0.1:80 200 \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166";
    public const string Nlb = "tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - -";

    /// <summary>ALB connection-log lines: AWS's two examples joined into one line each, and one with today's 15 fields.</summary>
    public static readonly string[] Connection =
    [
        "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 \"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z FEF257372D5C14D4 Success TID_3180a73013c8ca4bac2f731159d4b0fe",
        "2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 - \"CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US\" NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z FEF257372D5C14D4 Failed:ClientCertUntrusted TID_1c71a68d70587445ad5127ff8b2687d7",
        "2026-01-04T17:05:15.514108Z 2001:db8::7 36280 443 TLSv1.3 TLS_AES_128_GCM_SHA256 0.004 \"-\" - - - TID_9 X25519MLKEM768 app/my-lb/50dc6c495c0c9188 10.0.1.5",
    ];

    /// <summary>ALB health check lines: AWS's two examples (8 fields) and one with elb and node (10 fields, a Lambda target).</summary>
    public static readonly string[] HealthCheck =
    [
        "http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 HCLogsTestIPs PASS 200 -",
        "http 2025-10-31T12:44:58.901409Z 1.121980746 172.31.31.9:80 HCLogsTestIPs FAIL 502 TargetError",
        "lambda 2025-11-02T08:00:00.000001Z 0.250 arn:aws:lambda:us-east-1:123456789012:function:check my-targets FAIL - TimedOut app/my-lb/50dc6c495c0c9188 10.0.3.4",
    ];

    /// <summary>The documented classic line with a client address unique to <paramref name="i"/>.</summary>
    public static string ClassicLine(int i) =>
        Classic.Replace("192.168.131.39:2817", $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}:{1024 + i % 60000}");

    /// <summary><paramref name="lines"/> distinct classic lines, each ending in LF.</summary>
    public static byte[] ClassicLog(int lines, int first = 0) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(first, lines).Select(i => ClassicLine(i) + "\n")));

    /// <summary>Writes a log of <paramref name="lines"/> lines (classic by default) into <paramref name="dir"/>.</summary>
    public static string WriteLog(string dir, int lines, string name = "test.log", Func<int, string>? line = null)
    {
        var path = Path.Combine(dir, name);
        using var writer = new StreamWriter(path);
        for (int i = 0; i < lines; i++) writer.Write((line ?? ClassicLine)(i) + "\n");
        return path;
    }
}
