using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// Realistic access-log lines (varied clients, timings, statuses, URLs, agents), the same
/// for the same seed: the input of the benchmarks and of the bundled samples.
/// </summary>
public sealed class LogGenerator(int seed = 42)
{
    private static readonly string[] Methods = ["GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD"];
    private static readonly string[] Paths =
        ["/", "/index.html", "/api/v1/orders?page=2&size=50", "/static/app.3f9a1c.js", "/health", "/login",
         "/api/v1/users/12345/profile", "/search?q=load+balancer+logs", "/images/banner%20large.png"];
    private static readonly string[] Agents =
        ["curl/7.58.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
         "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
         "ELB-HealthChecker/2.0", "python-requests/2.31.0", "-"];
    private static readonly string[] Statuses = ["200", "200", "200", "200", "301", "304", "404", "500", "502", "503"];
    private static readonly string[] Ciphers = ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "-"];

    private readonly Random _random = new(seed);
    private DateTime _time = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public string Classic()
    {
        bool https = _random.Next(3) == 0;
        var (status, backend) = Status();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Time()} my-loadbalancer {Client()} {Target()} {Seconds()} {Seconds()} {Seconds()} {status} {backend} {_random.Next(0, 2000)} {_random.Next(0, 500_000)} \"{Request(https)}\" \"{Pick(Agents)}\" {(https ? Pick(Ciphers) : "-")} {(https ? "TLSv1.2" : "-")}");
    }

    public string Application()
    {
        bool https = _random.Next(2) == 0;
        var (status, target) = Status();
        string time = Time(), client = Client(), targetAddress = Target();
        string[] processing = [Seconds(3), Seconds(3), Seconds(3)];
        // The request came in before the response went out (time): request_creation_time is that much earlier.
        var created = _time.AddSeconds(-processing.Sum(p => Math.Max(0, double.Parse(p, CultureInfo.InvariantCulture))));
        return string.Create(CultureInfo.InvariantCulture,
            $"{(https ? "https" : "http")} {time} app/my-loadbalancer/50dc6c495c0c9188 {client} {targetAddress} {processing[0]} {processing[1]} {processing[2]} {status} {target} {_random.Next(0, 2000)} {_random.Next(0, 500_000)} \"{Request(https)}\" \"{Pick(Agents)}\" {(https ? "ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2" : "- -")} arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-{_random.Next():x8}-{_random.NextInt64():x16}{_random.Next():x8}\" \"{(https ? "www.example.com" : "-")}\" \"{(https ? "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" : "-")}\" {_random.Next(0, 5)} {created:yyyy-MM-ddTHH:mm:ss.ffffff}Z \"forward\" \"-\" \"-\" \"10.0.0.1:80\" \"{target}\" \"-\" \"-\" TID_{_random.NextInt64():x16}{_random.NextInt64():x16}");
    }

    public string Network()
    {
        bool alpn = _random.Next(2) == 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"tls 2.0 {_time.AddSeconds(_random.Next(0, 3)):yyyy-MM-ddTHH:mm:ss} net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd {Client()} 172.100.100.185:443 {_random.Next(1, 900)} {_random.Next(1, 50)} {_random.Next(50, 5000)} {_random.Next(50, 90_000)} - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com {(alpn ? "h2 h2 \"h2\",\"http/1.1\"" : "- - -")} {Time()}");
    }

    /// <summary>An ALB connection-log line (docs/log-kinds.md): mutual TLS mostly verified, sometimes failed or without a client certificate.</summary>
    public string Connection()
    {
        int kind = _random.Next(10);
        string client = $"{_random.Next(1, 224)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)} {_random.Next(1024, 65536)}";
        string latency = kind == 9 ? "-" : Seconds(3);
        string certificate = kind >= 8
            ? "\"-\" - -"
            : $"\"CN=client-{_random.Next(1000)}.example.com,O=endEntity,L=Seattle,ST=Washington,C=US\" NotBefore={_time.AddDays(-_random.Next(1, 400)):yyyy-MM-ddTHH:mm:ssZ};NotAfter={_time.AddDays(_random.Next(1, 400)):yyyy-MM-ddTHH:mm:ssZ} {_random.NextInt64():X16}";
        string status = kind switch { 8 => "Failed:ClientCertUntrusted", 9 => "-", _ => "Success" };
        return string.Create(CultureInfo.InvariantCulture,
            $"{Time()} {client} 443 TLSv1.3 TLS_AES_128_GCM_SHA256 {latency} {certificate} {status} TID_{_random.NextInt64():x16}{_random.NextInt64():x16} X25519MLKEM768 app/my-loadbalancer/50dc6c495c0c9188 10.0.{_random.Next(256)}.{_random.Next(1, 255)}");
    }

    /// <summary>An ALB health check log line (docs/log-kinds.md), 10 fields, now and then a failure or a Lambda target.</summary>
    public string HealthCheck()
    {
        int kind = _random.Next(20);
        string target = kind == 19
            ? "arn:aws:lambda:us-east-1:123456789012:function:health-target"
            : $"172.31.{_random.Next(256)}.{_random.Next(1, 255)}:80";
        string result = kind switch { 17 => "FAIL 502 TargetError", 18 => "FAIL - TimedOut", _ => "PASS 200 -" };
        return string.Create(CultureInfo.InvariantCulture,
            $"{(kind == 19 ? "lambda" : "http")} {Time()} 0.{_random.Next(1_000_000, 99_999_999):D9} {target} my-targets {result} app/my-loadbalancer/50dc6c495c0c9188 10.0.{_random.Next(256)}.{_random.Next(1, 255)}");
    }

    public string Line(string format) => format switch
    {
        "classic" => Classic(),
        "alb" => Application(),
        "nlb" => Network(),
        "connection" => Connection(),
        "healthcheck" => HealthCheck(),
        _ => throw new ArgumentException($"unknown format '{format}' (classic, alb, nlb, connection, healthcheck)"),
    };

    /// <summary>Writes lines of <paramref name="format"/> until <paramref name="bytes"/> or <paramref name="lines"/> is reached.</summary>
    public (long Lines, long Bytes) Write(Stream output, string format, long bytes, long lines)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 20, leaveOpen: true);
        long written = 0, count = 0;
        while (written < bytes && count < lines)
        {
            var line = Line(format);
            writer.Write(line);
            writer.Write('\n');
            written += Encoding.UTF8.GetByteCount(line) + 1;
            count++;
        }

        return (count, written);
    }

    /// <summary>
    /// <c>generate &lt;classic|alb|nlb|connection|healthcheck&gt; &lt;path&gt; [--lines N] [--bytes N] [--gzip-members N]</c>:
    /// writes a log file; with --gzip-members it is gzip with that many members (as ALB writes them).
    /// </summary>
    public static int Generate(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: generate <classic|alb|nlb|connection|healthcheck> <path> [--lines N] [--bytes N] [--gzip-members N] [--seed N]");
            return 2;
        }

        string format = args[0], path = args[1];
        long lines = long.MaxValue, bytes = long.MaxValue;
        int members = 0, seed = 42;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            long value = long.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--lines": lines = value; break;
                case "--bytes": bytes = value; break;
                case "--gzip-members": members = (int)value; break;
                case "--seed": seed = (int)value; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        if (lines == long.MaxValue && bytes == long.MaxValue) lines = 1000;
        var generator = new LogGenerator(seed);
        using var file = File.Create(path);
        (long Lines, long Bytes) total;
        if (members <= 0) total = generator.Write(file, format, bytes, lines);
        else
        {
            total = (0, 0);
            for (int m = 0; m < members; m++)
            {
                using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                var part = generator.Write(gzip, format, (bytes - total.Bytes) / (members - m), (lines - total.Lines) / (members - m));
                total = (total.Lines + part.Lines, total.Bytes + part.Bytes);
            }
        }

        Console.Error.WriteLine($"wrote {total.Lines} {format} lines ({total.Bytes} bytes uncompressed) to {path}");
        return 0;
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    private string Time()
    {
        _time = _time.AddTicks(_random.Next(1, 20_000));
        return _time.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "Z";
    }

    private string Client() => _random.Next(10) == 0
        ? $"[2001:db8::{_random.Next(0xffff):x}]:{_random.Next(1024, 65535)}"
        : $"{_random.Next(1, 223)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}:{_random.Next(1024, 65535)}";

    private string Target() => _random.Next(50) == 0 ? "-" : $"10.0.{_random.Next(4)}.{_random.Next(1, 255)}:80";

    private string Seconds(int decimals = 6) => _random.Next(100) == 0
        ? "-1"
        : (_random.NextDouble() * 0.01).ToString("F" + decimals, CultureInfo.InvariantCulture);

    private (string Status, string Backend) Status()
    {
        var status = Pick(Statuses);
        return (status, status == "502" ? "-" : status);
    }

    private string Request(bool https)
    {
        var host = https ? "https://www.example.com:443" : "http://www.example.com:80";
        return $"{Pick(Methods)} {host}{Pick(Paths)} HTTP/1.1";
    }
}
