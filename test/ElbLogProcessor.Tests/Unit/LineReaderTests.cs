using System.Text;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class LineReaderTests
{
    internal static async Task<List<(string Line, long Number, long Offset)>> ReadAll(Stream stream, int bufferSize = 16)
    {
        var lines = new List<(string, long, long)>();
        using var reader = new LineReader(stream, "test", initialBufferSize: bufferSize);
        while (await reader.FillAsync())
            while (reader.TryReadLine(out var line, out var position))
                lines.Add((Encoding.UTF8.GetString(line), position.LineNumber, position.ByteOffset));
        return lines;
    }

    private static Task<List<(string Line, long Number, long Offset)>> ReadAll(string text, int bufferSize = 16) =>
        ReadAll(new MemoryStream(Encoding.UTF8.GetBytes(text)), bufferSize);

    [Fact]
    public async Task Numbers_lines_and_gives_byte_offsets()
    {
        var lines = await ReadAll("first\nsecond line\n\nlast\n");
        Assert.Equal([("first", 1L, 0L), ("second line", 2L, 6L), ("", 3L, 18L), ("last", 4L, 19L)], lines);
    }

    [Fact]
    public async Task Tolerates_crlf_and_a_last_line_without_newline()
    {
        var lines = await ReadAll("a\r\nb\r\nc");
        Assert.Equal([("a", 1L, 0L), ("b", 2L, 3L), ("c", 3L, 6L)], lines);
    }

    [Fact]
    public async Task Lone_cr_inside_a_line_is_kept()
    {
        var lines = await ReadAll("a\rb\n");
        Assert.Equal("a\rb", Assert.Single(lines).Line);
    }

    [Fact]
    public async Task Empty_input_has_no_lines() => Assert.Empty(await ReadAll(""));

    [Fact]
    public async Task A_lone_newline_is_one_blank_line() => Assert.Equal([("", 1L, 0L)], await ReadAll("\n"));

    [Fact]
    public async Task Reads_a_ten_megabyte_line_without_a_cap()
    {
        var huge = new string('x', 10 * 1024 * 1024);
        var lines = await ReadAll($"short\n{huge}\nafter");
        Assert.Equal(3, lines.Count);
        Assert.Equal(huge.Length, lines[1].Line.Length);
        Assert.Equal(("after", 3L, 6L + huge.Length + 1), lines[2]);
    }

    [Fact]
    public async Task Lines_crossing_buffer_boundaries_are_whole()
    {
        var expected = Enumerable.Range(0, 2000).Select(i => new string((char)('a' + i % 26), i % 97)).ToList();
        var lines = await ReadAll(string.Join("\n", expected) + "\n", bufferSize: 16);
        Assert.Equal(expected, lines.Select(l => l.Line));
    }

    [Fact]
    public async Task Stream_failure_becomes_LogReadException_naming_source_and_line()
    {
        var stream = new FailingStream(Encoding.UTF8.GetBytes("one\ntwo\nthr"), new IOException("connection reset"));
        using var reader = new LineReader(stream, "s3://b/k", initialBufferSize: 64);
        var seen = new List<string>();
        var error = await Assert.ThrowsAsync<LogReadException>(async () =>
        {
            while (await reader.FillAsync())
                while (reader.TryReadLine(out var line, out _)) seen.Add(Encoding.UTF8.GetString(line));
        });
        Assert.Equal(["one", "two"], seen);
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(11, error.ByteOffset);   // where the data stopped: after "thr"
        Assert.Contains("s3://b/k", error.Message);
        Assert.Contains("connection reset", error.Message);
    }
}
