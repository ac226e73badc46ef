using System.Text.Json;

namespace ElbLogProcessor.Tests;

/// <summary>
/// <c>process big.log | head -1</c> and its kin, from the built executable: when stdout refuses a write (its reader
/// gone, closed from the start, a full disk), the run stops at once with exit code 1 and one error line, and its summary
/// counts as delivered only what was written. Nothing more of the file is read.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class ClosedStdoutTests : IDisposable
{
    private const int Copies = 400;   // 80,000 lines, 19 MB: far more than a pipe holds
    private readonly TempFolder _folder = new("elb-stdout-");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("| head -1 >/dev/null", "closed")]
    [InlineData(">&-", "closed")]
    [InlineData(">/dev/full", "failed (No space left on device)")]
    public async Task A_refused_write_stops_the_run_at_once_and_says_how_much_was_written(string stdout, string how)
    {
        var sample = RepositoryFiles.ReadText("deploy", "samples", "classic-elb.log");
        var path = _folder.Write("big.log", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(sample, Copies))));
        long allLines = Copies * sample.Count(c => c == '\n');

        var (exitCode, stderr) = await Executable.RunWithStdoutAsync(stdout, new Dictionary<string, string>(), "process", path);

        Executable.AssertNoStackTrace(stderr);
        Assert.True(exitCode == 1, $"exit code {exitCode}, stderr:\n{stderr}");
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var summary = JsonDocument.Parse(lines[0]);
        var root = summary.RootElement;
        long sent = root.GetProperty("EventsSent").GetInt64(), failed = root.GetProperty("EventsFailed").GetInt64();
        long read = root.GetProperty("Lines").GetInt64();
        Assert.True(read < allLines / 4, $"read {read:N0} of {allLines:N0} lines after stdout was gone");
        Assert.Equal(read, sent + failed);
        Assert.True(failed > 0);
        Assert.Equal($"error: stdout {how} after {read:N0} events: {sent:N0} written, the rest not", lines[1]);
    }

    [Fact]
    public async Task Invoke_stops_reading_when_stdout_is_gone()
    {
        var sample = RepositoryFiles.ReadText("deploy", "samples", "classic-elb.log");
        _folder.Write("root/logs/big.log", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(sample, Copies))));
        var eventFile = _folder.Write("event.json", System.Text.Encoding.UTF8.GetBytes(
            """{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","awsRegion":"us-east-1","s3":{"bucket":{"name":"logs"},"object":{"key":"big.log","size":1}}}]}"""));

        var (exitCode, stderr) = await Executable.RunWithStdoutAsync("| head -1 >/dev/null", new Dictionary<string, string>(),
            "invoke", eventFile, "--local-root", System.IO.Path.Combine(_folder.Path, "root"));

        Executable.AssertNoStackTrace(stderr);
        Assert.True(exitCode == 1, $"exit code {exitCode}, stderr:\n{stderr}");
        using var summary = JsonDocument.Parse(stderr.Split('\n')[0]);
        Assert.True(summary.RootElement.GetProperty("Lines").GetInt64() < Copies * 50, stderr);
        Assert.Matches(@"^error: EventsNotDelivered: .*stdout closed after [\d,]+ events: [\d,]+ written, the rest not$", stderr.Split('\n')[1]);
    }
}
