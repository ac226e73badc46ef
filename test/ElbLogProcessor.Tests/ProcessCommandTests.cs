using System.Text;
using System.Text.Json;
using ElbLogProcessor.Hosting;

namespace ElbLogProcessor.Tests;

public sealed class ProcessCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elb-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal const string Classic = "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -";
    internal const string Alb = "http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" 10.0.0.1:80 200 \"-\" \"-\" TID_dc57cebed65b444ebc8177bb698fe166";
    internal const string Nlb = "tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - -";

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    internal static Task<(int ExitCode, List<JsonElement> Events, string Diagnostics, JsonElement Summary)> Run(
        params string[] args) => Run(_ => null, args);

    internal static async Task<(int ExitCode, List<JsonElement> Events, string Diagnostics, JsonElement Summary)> Run(
        Func<string, string?> environment, params string[] args)
    {
        var output = new MemoryStream();
        var diagnostics = new StringWriter();
        int exitCode = await CommandLine.InvokeAsync(args, output, diagnostics, diagnostics, environment);
        var events = Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var text = diagnostics.ToString();
        var summaryLine = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .LastOrDefault(l => l.Contains("\"ElbLogProcessor summary\""));
        var summary = summaryLine is null ? default : JsonDocument.Parse(summaryLine).RootElement.Clone();
        return (exitCode, events, text, summary);
    }

    [Fact]
    public async Task Writes_one_event_per_non_blank_line_in_order_and_a_summary()
    {
        var plain = Write("classic.log", Encoding.UTF8.GetBytes($"{Classic}\r\n\r\n{Classic}\r\nnonsense\n"));
        var gzip = Write("alb.log.gz", Gzip.Compress($"{Alb}\n", $"{Nlb}\n"));

        var (exitCode, events, _, summary) = await Run("process", plain, gzip);

        Assert.Equal(0, exitCode);
        Assert.Equal(["classic", "classic", null, "application", "network"],
            events.Select(e => e.TryGetProperty("LoadBalancerType", out var t) ? t.GetString() : null));
        Assert.Equal([1L, 3L, 4L, 1L, 2L],
            events.Select(e => e.GetProperty("Source").GetProperty("File").GetProperty("LineNumber").GetInt64()));
        Assert.Equal(5, events.Select(e => e.GetProperty("EventId").GetString()).Distinct().Count());

        Assert.Equal(6, summary.GetProperty("Lines").GetInt64());
        Assert.Equal(1, summary.GetProperty("Blank").GetInt64());
        Assert.Equal(1, summary.GetProperty("Malformed").GetInt64());
        Assert.Equal(2, summary.GetProperty("Events").GetProperty("classic").GetInt64());
        Assert.Equal(1, summary.GetProperty("Events").GetProperty("application").GetInt64());
        Assert.Equal(1, summary.GetProperty("Events").GetProperty("network").GetInt64());
        Assert.Equal(5, summary.GetProperty("EventsSent").GetInt64());
        long decodedBytes = Encoding.UTF8.GetByteCount($"{Classic}\r\n\r\n{Classic}\r\nnonsense\n{Alb}\n{Nlb}\n");
        Assert.Equal(decodedBytes, summary.GetProperty("BytesRead").GetInt64());
        Assert.True(summary.GetProperty("Seconds").GetDouble() >= 0);
        Assert.Contains("line 4", summary.GetProperty("LastFailures")[0].GetString());
    }

    [Fact]
    public async Task Same_file_twice_gives_the_same_event_ids()
    {
        var path = Write("a.log", Encoding.UTF8.GetBytes($"{Classic}\n{Alb}\n"));
        var first = await Run("process", path);
        var second = await Run("process", path);
        Assert.Equal(first.Events.Select(e => e.GetProperty("EventId").GetString()),
            second.Events.Select(e => e.GetProperty("EventId").GetString()));
    }

    [Fact]
    public async Task Missing_file_fails_with_a_message_but_other_files_are_processed()
    {
        var good = Write("good.log", Encoding.UTF8.GetBytes(Classic + "\n"));
        var missing = Path.Combine(_dir, "missing.log");

        var (exitCode, events, diagnostics, summary) = await Run("process", missing, good);

        Assert.NotEqual(0, exitCode);
        Assert.Single(events);
        Assert.Contains("missing.log", diagnostics);
        Assert.Contains("error:", diagnostics);
        Assert.Equal(1, summary.GetProperty("Sources").GetInt32());
    }

    [Fact]
    public async Task Truncated_gzip_fails_after_delivering_the_lines_before_it()
    {
        var lines = Enumerable.Range(0, 30_000).Select(i => Classic.Replace("2817", i.ToString())).ToList();
        var gzip = Gzip.Compress(string.Join("\n", lines) + "\n");
        var path = Write("cut.log.gz", gzip[..(gzip.Length * 2 / 3)]);

        var (exitCode, events, diagnostics, summary) = await Run("process", path);

        Assert.NotEqual(0, exitCode);
        Assert.NotEmpty(events);
        Assert.True(events.Count < lines.Count);
        Assert.Equal(lines.Take(events.Count).Select(l => l.Split(' ')[2]),
            events.Select(e => e.GetProperty("PublicIpAndPort").GetString()));
        Assert.Contains("cut.log.gz", diagnostics);
        Assert.Contains($"before line {events.Count + 1}", diagnostics);
        Assert.Equal(1, summary.GetProperty("SourcesFailed").GetInt32());
        Assert.Equal(events.Count, summary.GetProperty("EventsSent").GetInt64());
    }

    [Fact]
    public async Task Empty_file_is_read_to_its_end()
    {
        var path = Write("empty.log", []);
        var (exitCode, events, _, summary) = await Run("process", path);
        Assert.Equal(0, exitCode);
        Assert.Empty(events);
        Assert.Equal(0, summary.GetProperty("Lines").GetInt64());
    }

    [Fact]
    public async Task Process_without_files_is_a_usage_error()
    {
        var (exitCode, events, diagnostics, _) = await Run("process");
        Assert.NotEqual(0, exitCode);
        Assert.Empty(events);
        Assert.Contains("files", diagnostics);
    }

    [Fact]
    public async Task Help_explains_the_process_command()
    {
        var (exitCode, events, help, _) = await Run("--help");
        Assert.Equal(0, exitCode);
        Assert.Empty(events);
        Assert.Contains("process <files>", help);
        Assert.Contains("NDJSON", help);

        (exitCode, _, help, _) = await Run("process", "--help");
        Assert.Equal(0, exitCode);
        Assert.Contains("plain or gzip", help);
    }
}

public class BundledSampleTests
{
    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ElbLogProcessor.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ElbLogProcessor.sln not found above the test binaries");
    }

    [Fact]
    public async Task The_samples_the_readme_runs_parse_without_a_failure()
    {
        var samples = Path.Combine(RepositoryRoot(), "deploy", "samples");
        string[] files = ["classic-elb.log", "alb.log.gz", "nlb.log.gz"];
        var (exitCode, events, _, summary) = await ProcessCommandTests.Run(["process", .. files.Select(f => Path.Combine(samples, f))]);

        Assert.Equal(0, exitCode);
        Assert.Equal(500, events.Count);
        Assert.Equal(0, summary.GetProperty("Malformed").GetInt64());
        Assert.Equal(200, summary.GetProperty("Events").GetProperty("classic").GetInt64());
        Assert.Equal(200, summary.GetProperty("Events").GetProperty("application").GetInt64());
        Assert.Equal(100, summary.GetProperty("Events").GetProperty("network").GetInt64());
    }
}
