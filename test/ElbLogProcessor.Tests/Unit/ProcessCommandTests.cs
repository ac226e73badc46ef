using System.Text;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public sealed class ProcessCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elb-process-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task Writes_one_event_per_non_blank_line_in_order_and_a_summary()
    {
        var plain = Write("classic.log", Encoding.UTF8.GetBytes($"{LogLines.Classic}\r\n\r\n{LogLines.Classic}\r\nnonsense\n"));
        var gzip = Write("alb.log.gz", Gzip.Compress($"{LogLines.Alb}\n", $"{LogLines.Nlb}\n"));

        var (exitCode, events, diagnostics, summary) = await CommandRunner.Run("process", plain, gzip);

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
        long decodedBytes = Encoding.UTF8.GetByteCount($"{LogLines.Classic}\r\n\r\n{LogLines.Classic}\r\nnonsense\n{LogLines.Alb}\n{LogLines.Nlb}\n");
        Assert.Equal(decodedBytes, summary.GetProperty("BytesRead").GetInt64());
        Assert.InRange(summary.GetProperty("Seconds").GetDouble(), 0, 60);
        Assert.Equal("malformed: " + plain + " line 4: the line starts no known access-log format", summary.GetProperty("LastFailures")[0].GetString());
        Assert.DoesNotContain("\"_aws\"", diagnostics);                       // the metrics twin is for CloudWatch, in Lambda
    }

    [Fact]
    public async Task On_a_terminal_the_run_ends_with_a_short_human_ending_instead_of_the_json_summary()
    {
        var good = Write("good.log", Encoding.UTF8.GetBytes($"{LogLines.Classic}\n{LogLines.Alb}\n"));
        var missing = Path.Combine(_dir, "missing.log");

        var result = await CommandRunner.Run(new Variables(), CancellationToken.None, isTerminal: true, "process", good, missing);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, result.Events.Count);
        var text = Ansi.Strip(result.Diagnostics);
        Assert.DoesNotContain("ElbLogProcessor summary", text);
        Assert.Contains("process: finished with failures in 00:00:", text);
        Assert.Matches(@"\n  files +2, 1 read to their end\r?\n", text);
        Assert.Matches(@"\n  events +2 \(classic 1, application 1\)\r?\n", text);
        Assert.Matches(@"\n  delivered +2 to stdout\r?\n", text);
        Assert.Contains("missing.log", text[text.IndexOf("not completed:", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Invoke_on_a_terminal_shows_the_handlers_error_once_and_its_ending_instead_of_the_json_summary()
    {
        var samples = Directory.CreateDirectory(Path.Combine(_dir, "root", "samples")).FullName;
        File.Copy(RepositoryFiles.Path("deploy", "samples", "classic-elb.log"), Path.Combine(samples, "classic-elb.log"));
        var eventFile = Write("event.json", Encoding.UTF8.GetBytes(S3Events.Put("samples", "classic-elb.log", "missing.log")));

        var result = await CommandRunner.Run(new Variables(), CancellationToken.None, isTerminal: true,
            "invoke", eventFile, "--local-root", Path.Combine(_dir, "root"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(200, result.Events.Count);
        var text = Ansi.Strip(result.Diagnostics);
        Assert.DoesNotContain("ElbLogProcessor summary", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "missing.log: no file at"));
        Assert.Contains("invoke: finished with failures in", text);
        Assert.Matches(@"\n  objects +2, 1 read to their end\r?\n", text);
        Assert.EndsWith("error: ObjectsNotRead (above)", text.TrimEnd());
    }

    [Fact]
    public async Task With_json_a_terminal_gets_the_json_summary()
    {
        var good = Write("good.log", Encoding.UTF8.GetBytes($"{LogLines.Classic}\n"));
        var result = await CommandRunner.Run(new Variables(), CancellationToken.None, isTerminal: true, "process", "--json", good);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, result.Summary.GetProperty("EventsSent").GetInt64());
        Assert.DoesNotContain("done in", result.Diagnostics);
    }

    [Theory]
    [InlineData("elb")]
    [InlineData("ecs")]
    public async Task A_line_longer_than_max_line_bytes_is_one_event_of_its_first_bytes_tagged_with_its_length(string schema)
    {
        var longLine = LogLines.Classic.Replace(":80/", ":80/" + new string('a', 5000), StringComparison.Ordinal);
        var path = Write("long.log", Encoding.UTF8.GetBytes($"{LogLines.Classic}\n{longLine}\n{LogLines.Classic}\n"));

        var result = await CommandRunner.Run(new Variables(("MAX_LINE_BYTES", "1024"), ("EVENT_SCHEMA", schema)), "process", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Events.Count);
        var cut = result.Events[1];
        if (schema == "elb")
        {
            Assert.Equal(longLine[..1024], cut.GetProperty("message").GetString());
            Assert.Equal(longLine.Length, cut.GetProperty("LineBytes").GetInt64());
            Assert.Equal("_elbtruncated", Assert.Single(cut.GetProperty("tags").EnumerateArray()).GetString());
            Assert.Equal(2, cut.GetProperty("Source").GetProperty("File").GetProperty("LineNumber").GetInt64());
        }
        else
        {
            Assert.Equal(longLine[..1024], cut.GetProperty("event").GetProperty("original").GetString());
            Assert.Equal(longLine.Length, cut.GetProperty("aws").GetProperty("elb").GetProperty("line_bytes").GetInt64());
            Assert.Equal("elb_line_truncated", Assert.Single(cut.GetProperty("tags").EnumerateArray()).GetString());
            Assert.Equal("2015-05-13T23:39:43.945958Z", cut.GetProperty("@timestamp").GetString());
        }

        Assert.Equal(1, result.Summary.GetProperty("Truncated").GetInt64());
        Assert.Equal(0, result.Summary.GetProperty("Malformed").GetInt64());
        Assert.Equal(2, result.Summary.GetProperty("Events").GetProperty("classic").GetInt64());
        Assert.Equal(3, result.Summary.GetProperty("EventsSent").GetInt64());
        Assert.Contains($"truncated: {path} line 2: the line is {longLine.Length:N0} bytes, longer than MAX_LINE_BYTES: its first 1,024 bytes were sent",
            result.Summary.GetProperty("LastFailures").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Same_file_twice_gives_the_same_event_ids()
    {
        var path = Write("a.log", Encoding.UTF8.GetBytes($"{LogLines.Classic}\n{LogLines.Alb}\n"));
        var first = await CommandRunner.Run("process", path);
        var second = await CommandRunner.Run("process", path);
        Assert.Equal(first.Events.Select(e => e.GetProperty("EventId").GetString()),
            second.Events.Select(e => e.GetProperty("EventId").GetString()));
    }

    [Fact]
    public async Task Missing_file_fails_with_a_message_but_other_files_are_processed()
    {
        var good = Write("good.log", Encoding.UTF8.GetBytes(LogLines.Classic + "\n"));
        var missing = Path.Combine(_dir, "missing.log");

        var (exitCode, events, diagnostics, summary) = await CommandRunner.Run("process", missing, good);

        Assert.NotEqual(0, exitCode);
        Assert.Single(events);
        Assert.Contains("missing.log", diagnostics);
        Assert.Contains("error:", diagnostics);
        // The file that could not be opened is a source, and a failed one.
        Assert.Equal((2, 1), (summary.GetProperty("Sources").GetInt32(), summary.GetProperty("SourcesFailed").GetInt32()));
    }

    [Fact]
    public async Task Truncated_gzip_fails_after_delivering_the_lines_before_it()
    {
        var lines = Enumerable.Range(0, 30_000).Select(i => LogLines.Classic.Replace("2817", i.ToString())).ToList();
        var gzip = Gzip.Compress(string.Join("\n", lines) + "\n");
        var path = Write("cut.log.gz", gzip[..(gzip.Length * 2 / 3)]);

        var (exitCode, events, diagnostics, summary) = await CommandRunner.Run("process", path);

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
        var (exitCode, events, _, summary) = await CommandRunner.Run("process", path);
        Assert.Equal(0, exitCode);
        Assert.Empty(events);
        Assert.Equal(0, summary.GetProperty("Lines").GetInt64());
    }

    [Fact]
    public async Task Process_without_files_is_a_usage_error()
    {
        var (exitCode, events, diagnostics, _) = await CommandRunner.Run("process");
        Assert.Equal(2, exitCode);
        Assert.Empty(events);
        // One line with the usage, not the whole help text.
        Assert.Equal("error: Required argument missing for command: 'process'. (usage: process <files>... [options]; --help lists the options)\n", diagnostics);
    }

    [Theory]
    [InlineData("process", "--dry-run")]
    [InlineData("process", "-n")]
    [InlineData("invoke", "--bogus")]
    [InlineData("backfill", "--verbose")]
    [InlineData("replay", "--all")]
    public async Task An_argument_that_looks_like_an_option_the_command_lacks_is_a_usage_error_and_nothing_is_read(string command, string option)
    {
        var path = Write("sample.log", System.Text.Encoding.UTF8.GetBytes(LogLines.Classic + "\n"));
        string[] args = command == "process" ? [command, option, path] : [command, option];
        var (exitCode, events, diagnostics, _) = await CommandRunner.Run(args);

        Assert.Equal(2, exitCode);
        Assert.Empty(events);
        var line = Assert.Single(diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: unknown option '{option}' for {command} (usage: ", line);
    }

    [Fact]
    public async Task After_a_double_dash_an_argument_that_starts_with_a_dash_is_a_file_name()
    {
        // No such file in the working directory: it is read as a file (and reported missing), not refused as an option.
        var (exitCode, events, diagnostics, summary) = await CommandRunner.Run("process", "--", "-no-such-file.log");
        Assert.Equal(1, exitCode);
        Assert.Empty(events);
        Assert.DoesNotContain("unknown option", diagnostics);
        Assert.Contains("-no-such-file.log", Assert.Single(summary.GetProperty("LastFailures").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Help_explains_the_process_command()
    {
        var (exitCode, events, help, _) = await CommandRunner.Run("--help");
        Assert.Equal(0, exitCode);
        Assert.Empty(events);
        Assert.Contains("process <files>", help);
        Assert.Contains("NDJSON", help);

        (exitCode, _, help, _) = await CommandRunner.Run("process", "--help");
        Assert.Equal(0, exitCode);
        Assert.Contains("plain or gzip", help);
    }
}
