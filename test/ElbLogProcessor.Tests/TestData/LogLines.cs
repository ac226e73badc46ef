using System.Text;

namespace ElbLogProcessor.Tests;

/// <summary>Log lines and whole logs for tests: AWS's documented examples and distinct generated lines.</summary>
internal static class LogLines
{
    public const string Classic = "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -";
    public const string Alb = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" 10.0.0.1:80 200 \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166";
    public const string Nlb = "tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - -";

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
