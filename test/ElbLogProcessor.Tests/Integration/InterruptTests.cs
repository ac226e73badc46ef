using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM sent to the built executable while it ships to a Logstash stand-in: the first
/// stops reading at the next batch boundary, delivers what was read and writes the summary, with where each
/// source stopped; the second stops at once, summary still written. Exit code 130 either way.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class InterruptTests : WithLogstash
{
    private readonly TempFolder _folder = new("elb-interrupt-");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
    }

    private Dictionary<string, string> Variables() => LogstashEnvironment(("BATCH_MAX_EVENTS", "500"));

    private static JsonElement SummaryOf(string stderr) => JsonDocument.Parse(
        stderr.Split('\n').Last(l => l.Contains("\"ElbLogProcessor summary\"", StringComparison.Ordinal))).RootElement.Clone();

    /// <summary>The EventIds of the lines of <paramref name="path"/> that start before <paramref name="byteOffset"/>.</summary>
    private static HashSet<string> EventIdsBefore(string path, long byteOffset)
    {
        var source = LogSource.ForFile(path);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        long offset = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (offset >= byteOffset) break;
            ids.Add(source.EventIdFor(offset));
            offset += Encoding.UTF8.GetByteCount(line) + 1;
        }

        return ids;
    }

    private static async Task WaitFor(Func<bool> condition, TimeSpan timeout, Executable.Run run)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (run.Process.HasExited) throw new InvalidOperationException($"the executable ended early:\n{run.Stderr}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"the condition did not hold within {timeout}:\n{run.Stderr}");
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData(Executable.SigInt)]
    [InlineData(Executable.SigTerm)]
    public async Task A_stop_of_process_delivers_what_was_read_and_says_the_line_it_stopped_before(int signal)
    {
        var log = LogLines.WriteLog(_folder.Path, 200_000);
        var second = LogLines.WriteLog(_folder.Path, 10, "second.log");
        Logstash.Stall = TimeSpan.FromMilliseconds(40);

        using var run = Executable.Start(Variables(), "process", log, second);
        await WaitFor(() => Logstash.EventsReceived >= 5_000, TimeSpan.FromSeconds(60), run);
        run.Signal(signal);
        var (exitCode, _, stderr) = await run.ExitAsync(TimeSpan.FromSeconds(60));

        Executable.AssertNoStackTrace(stderr);
        Assert.Equal(130, exitCode);
        Assert.Contains("stopping at the next batch boundary: delivering what was read (up to 5 min; Ctrl+C again to stop at once)\n", stderr);
        var summary = SummaryOf(stderr);
        Assert.True(summary.GetProperty("Interrupted").GetBoolean());
        var stoppedAt = summary.GetProperty("StoppedAt").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal($"{second} from line 1 (byte 0): not started", stoppedAt[1]);
        var match = System.Text.RegularExpressions.Regex.Match(stoppedAt[0], @"^(.+) from line (\d+) \(byte (\d+)\)$");
        Assert.True(match.Success, stoppedAt[0]);
        Assert.Equal(log, match.Groups[1].Value);
        long stopLine = long.Parse(match.Groups[2].Value), stopByte = long.Parse(match.Groups[3].Value);
        Assert.InRange(stopLine, 5_001, 199_999);

        // The lines delivered and the stop point add up: every line before it arrived, once, and none after it.
        long sent = summary.GetProperty("EventsSent").GetInt64();
        Assert.Equal(stopLine - 1, sent);
        Assert.Equal(0, summary.GetProperty("EventsFailed").GetInt64());
        Assert.Equal(stopLine - 1, summary.GetProperty("Lines").GetInt64());
        Assert.Equal(EventIdsBefore(log, stopByte), Logstash.EventIds.Keys.ToHashSet());
        Assert.All(Logstash.EventIds.Values, n => Assert.Equal(1, n));
        Assert.Contains($"interrupted: {sent:N0} events delivered, 0 not; stopped at {stoppedAt[0]}; {stoppedAt[1]}\n", stderr);
        Assert.Equal((0, 1), (summary.GetProperty("SourcesFailed").GetInt32(), summary.GetProperty("SourcesInterrupted").GetInt32()));
    }

    [Fact]
    public async Task A_second_ctrl_c_stops_at_once_and_still_writes_the_summary()
    {
        var log = LogLines.WriteLog(_folder.Path, 50_000);
        var never = new TaskCompletionSource();
        Logstash.HoldUntil = never.Task;   // Logstash stops answering
        try
        {
            using var run = Executable.Start(Variables(), "process", log);
            await WaitFor(() => Logstash.Held >= 4, TimeSpan.FromSeconds(60), run);   // every sender waits for an answer
            run.Signal(Executable.SigInt);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(run.Process.HasExited);           // the first one waits for the batches in flight
            run.Signal(Executable.SigInt);
            var (exitCode, _, stderr) = await run.ExitAsync(TimeSpan.FromSeconds(20));

            Executable.AssertNoStackTrace(stderr);
            Assert.Equal(130, exitCode);
            var summary = SummaryOf(stderr);
            Assert.True(summary.GetProperty("Interrupted").GetBoolean());
            long lines = summary.GetProperty("Lines").GetInt64();
            Assert.InRange(lines, 1, 49_999);
            Assert.Equal(0, summary.GetProperty("EventsSent").GetInt64());
            Assert.Equal(lines, summary.GetProperty("EventsFailed").GetInt64());   // every line read is counted, none lost silently
            Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(log)} from line \d+ \(byte \d+\)", summary.GetProperty("StoppedAt")[0].GetString());
            Assert.Contains($"\nerror: {lines} of {lines} events not delivered: ", stderr);
            // As after one Ctrl+C: the file was interrupted, not failed; and no retry ran (every attempt waited for its answer).
            Assert.Equal((0, 1), (summary.GetProperty("SourcesFailed").GetInt32(), summary.GetProperty("SourcesInterrupted").GetInt32()));
            Assert.Equal(0, summary.GetProperty("Retries").GetInt64());
        }
        finally
        {
            never.SetResult();
        }
    }

    [Fact]
    public async Task Ctrl_c_of_invoke_stops_at_a_batch_boundary_and_hands_nothing_over()
    {
        const string Key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/28/big.log";
        var log = LogLines.WriteLog(Directory.CreateDirectory(Path.Combine(_folder.Path, "logs", Path.GetDirectoryName(Key)!)).FullName, 200_000,
            Path.GetFileName(Key));
        var eventFile = _folder.Write("event.json", Encoding.UTF8.GetBytes(S3Events.Put("logs", Key)));
        Logstash.Stall = TimeSpan.FromMilliseconds(40);
        var variables = Variables();
        // A hand-over would go to this queue, and fail: a stop by a person must not send one.
        variables["CONTINUATION_QUEUE_URL"] = "http://127.0.0.1:1/123456789012/never-called";
        variables["AWS_REGION"] = "us-east-1";
        variables["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        variables["AWS_SECRET_ACCESS_KEY"] = "example";

        using var run = Executable.Start(variables, "invoke", eventFile, "--local-root", _folder.Path);
        await WaitFor(() => Logstash.EventsReceived >= 5_000, TimeSpan.FromSeconds(60), run);
        run.Signal(Executable.SigInt);
        var (exitCode, _, stderr) = await run.ExitAsync(TimeSpan.FromSeconds(60));

        Executable.AssertNoStackTrace(stderr);
        Assert.Equal(130, exitCode);
        var summary = SummaryOf(stderr);
        Assert.True(summary.GetProperty("Interrupted").GetBoolean());
        Assert.False(summary.TryGetProperty("ContinuationSent", out _));
        var stoppedAt = Assert.Single(summary.GetProperty("StoppedAt").EnumerateArray()).GetString()!;
        var match = System.Text.RegularExpressions.Regex.Match(stoppedAt, $@"^s3://logs/{Key} from line (\d+) \(byte \d+\)$");
        Assert.True(match.Success, stoppedAt);
        Assert.Equal(long.Parse(match.Groups[1].Value) - 1, summary.GetProperty("EventsSent").GetInt64());
        Assert.Equal(summary.GetProperty("EventsSent").GetInt64(), Logstash.EventIds.Count);
        Assert.Contains($"\ninterrupted: stopped on request at {stoppedAt}\n", stderr);
        Assert.True(File.Exists(log));
    }
}
