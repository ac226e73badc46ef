using System.Text;
using System.Text.Json;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>Objects in another delivery format, or whose first lines start no known format, fail at once with one error and send nothing.</summary>
[Trait("Category", Category.Unit)]
public sealed class ContentCheckTests : IDisposable
{
    private readonly TempFolder _folder = new("elb-content-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, byte[], string> Foreign => new()
    {
        {
            "vended.json.gz",
            Gzip.Compress("{\"type\":\"http\",\"time\":\"2026-09-10T00:00:00Z\",\"elb\":\"app/x/1\"}\n{\"type\":\"http\"}\n"),
            "it looks like JSON lines whose members are no ELB log type's (it names type, time, elb)"
        },
        { "vended.log", "#Version: 1.0\n#Fields: type time elb client_port\nhttp\t2026-09-10T00:00:00Z\tapp/x/1\n"u8.ToArray(), "it looks like W3C text whose #Fields header names no ELB log type's fields (it names type, time, elb, client_port)" },
        { "directives.log", "#Version: 1.0\n#Remark: nothing else\nhttp 2026-09-10T00:00:00Z\n"u8.ToArray(), "it looks like text with # directives but no #Fields: header" },
        { "array.json", "[{\"type\":\"http\"}]\n"u8.ToArray(), "it looks like a JSON array (vended JSON deliveries are one object per line)" },
        { "broken.json", "{\"type\": \n{]\n"u8.ToArray(), "it looks like JSON, but its first 2 lines are no JSON object each (it begins '{\"type\":" },
        {
            "notes.txt",
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 30).Select(i => $"line {i} of some other log\n"))),
            "it looks like text whose first 10 lines start no known log format (it begins 'line 0 of some other log')"
        },
        { "short.txt", "just one line\n"u8.ToArray(), "it looks like text whose first line starts no known log format (it begins 'just one line')" },
    };

    [Theory]
    [MemberData(nameof(Foreign))]
    public async Task A_foreign_object_fails_fast_naming_what_it_looks_like_and_sends_nothing(string name, byte[] content, string looksLike)
    {
        var path = _folder.Write(name, content);
        var result = await CommandRunner.Run("process", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Events);
        Assert.Equal((1, 1, 0L), (result.Summary.GetProperty("Sources").GetInt32(), result.Summary.GetProperty("SourcesFailed").GetInt32(),
            result.Summary.GetProperty("Lines").GetInt64()));
        var failure = Assert.Single(result.Summary.GetProperty("LastFailures").EnumerateArray()).GetString()!;
        Assert.StartsWith($"{path}: not a log this function reads: {looksLike}", failure);
        Assert.EndsWith("; nothing of it was sent", failure);
    }

    [Fact]
    public async Task A_corrupt_parquet_file_fails_naming_it_and_sends_nothing()
    {
        var path = _folder.Write("vended.parquet", [.. "PAR1"u8.ToArray(), 0x15, 0x04, 0x15, 0x00, .. new byte[64], .. "PAR1"u8.ToArray()]);
        var result = await CommandRunner.Run("process", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Events);
        var failure = Assert.Single(result.Summary.GetProperty("LastFailures").EnumerateArray()).GetString()!;
        Assert.StartsWith($"{path}: a Parquet file that cannot be read (truncated or corrupt: ", failure);
    }

    [Fact]
    public async Task A_log_that_starts_with_a_few_bad_lines_is_still_read_line_by_line()
    {
        var path = _folder.Write("mostly.log", Encoding.UTF8.GetBytes($"garbage\n\nmore garbage\n{LogLines.Classic}\n{LogLines.Classic}\n"));
        var result = await CommandRunner.Run("process", path);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4, result.Events.Count);
        Assert.Equal(2, result.Summary.GetProperty("Malformed").GetInt64());
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("\n\n  \n", true)]
    [InlineData("2015-05-13T23:39:43.945958Z my-lb 1.2.3.4:5 partial line without its end", false)]
    public void Nothing_to_tell_from_is_not_foreign(string head, bool whole) =>
        Assert.Null(ContentCheck.Inspect(Encoding.UTF8.GetBytes(head), whole, null).Foreign);

    [Theory]
    [InlineData(60_000)]
    [InlineData(200_000)]
    [InlineData(60_000_000)]
    public async Task A_long_first_line_is_judged_by_its_content_whatever_its_length(int length)
    {
        var junk = _folder.Write($"junk-{length}.log", Encoding.UTF8.GetBytes(new string('x', length) + "\n"));
        var refused = await CommandRunner.Run("process", junk);
        Assert.Equal(1, refused.ExitCode);
        Assert.Empty(refused.Events);
        Assert.Contains("not a log this function reads", refused.Diagnostics);

        // An access-log line of that length (a huge URL) is read, as one cut event.
        var line = LogLines.Classic.Replace(":80/", ":80/" + new string('a', length), StringComparison.Ordinal);
        var log = _folder.Write($"long-{length}.log", Encoding.UTF8.GetBytes($"{line}\n{LogLines.Classic}\n"));
        var read = await CommandRunner.Run("process", log);
        Assert.Equal(0, read.ExitCode);
        Assert.Equal(2, read.Events.Count);
    }

    [Fact]
    public void The_threshold_is_ten_lines_of_no_known_format()
    {
        var nine = string.Concat(Enumerable.Repeat("not a log\n", 9));
        Assert.Same(Parsing.RecordLayout.Legacy, ContentCheck.Inspect(Encoding.UTF8.GetBytes(nine + LogLines.Nlb + "\n"), true, null).Layout);
        Assert.NotNull(ContentCheck.Inspect(Encoding.UTF8.GetBytes(nine + "not a log\n" + LogLines.Nlb + "\n"), true, null).Foreign);
    }

    [Fact]
    public async Task A_continuation_is_not_looked_at_again()
    {
        // The object was judged when it was first read; a resume in the middle reads on.
        using var services = await TestHost.StartAsync(new Variables(), new Reading.LocalObjectStore(_folder.Path));
        _folder.Write("b/resume.log", Encoding.UTF8.GetBytes($"{LogLines.Classic}\nnot a log\nnot a log\n"));
        var continuation = Invocation.HandOverMessage.Create([new Invocation.ObjectToRead(new Reading.ObjectLocation("b", "resume.log", "etag"), new Reading.ReadStart(2, LogLines.Classic.Length + 1))]);
        var result = await services.Handler.HandleAsync(continuation, DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);
        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Equal(2, JsonDocument.Parse(result.Summary.ToJson()).RootElement.GetProperty("Malformed").GetInt64());
    }
}
