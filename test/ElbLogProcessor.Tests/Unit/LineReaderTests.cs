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

    /// <summary>Every line with its position (its whole length when it was cut), and the bytes consumed.</summary>
    private static async Task<(List<(string Line, LinePosition Position)> Lines, long Consumed)> ReadCut(string text, int maxLineBytes, int bufferSize = 64)
    {
        var lines = new List<(string, LinePosition)>();
        using var reader = new LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test", initialBufferSize: bufferSize, maxLineBytes: maxLineBytes);
        while (await reader.FillAsync())
            while (reader.TryReadLine(out var line, out var position))
                lines.Add((Encoding.UTF8.GetString(line), position));
        return (lines, reader.BytesConsumed);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(4096)]
    public async Task A_line_longer_than_the_maximum_is_handed_out_as_its_first_bytes_with_its_whole_length(int bufferSize)
    {
        var longLine = new string('x', 10_000);
        var text = $"short\n{longLine}\r\nafter\n{new string('y', 100)}\n{new string('z', 101)}";
        var (lines, consumed) = await ReadCut(text, maxLineBytes: 100, bufferSize);

        Assert.Equal([("short", new LinePosition(1, 0)),
                      (new string('x', 100), new LinePosition(2, 6, CutFrom: 10_000)),   // CR LF is its line end, not its length
                      ("after", new LinePosition(3, 10_008)),
                      (new string('y', 100), new LinePosition(4, 10_014)),             // exactly the maximum: whole
                      (new string('z', 100), new LinePosition(5, 10_115, CutFrom: 101))], // the last, without LF
            lines);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), consumed);
    }

    [Fact]
    public async Task A_cut_line_ending_in_crlf_has_its_length_without_the_line_end()
    {
        var (lines, _) = await ReadCut(new string('x', 5000) + "\r\nnext\n", maxLineBytes: 1024);
        Assert.Equal(5000, lines[0].Position.CutFrom);
        Assert.Equal(("next", new LinePosition(2, 5002)), lines[1]);
    }

    [Fact]
    public async Task Memory_follows_the_maximum_not_the_line()
    {
        // A 64 MiB line with a 64 KiB maximum: the reader's buffer stays at a few times the maximum.
        var stream = new RepeatingStream((byte)'x', 64L * 1024 * 1024);
        using var reader = new LineReader(stream, "test", maxLineBytes: 64 * 1024);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long cut = 0;
        while (await reader.FillAsync())
            while (reader.TryReadLine(out _, out var position))
                cut = position.CutFrom;
        Assert.Equal(64L * 1024 * 1024, cut);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4L * 1024 * 1024);
    }

    /// <summary><paramref name="size"/> bytes of <paramref name="value"/> and no line end, made as they are read.</summary>
    private sealed class RepeatingStream(byte value, long size) : Stream
    {
        private long _left = size;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, _left);
            buffer[..n].Fill(value);
            _left -= n;
            return n;
        }

        // Completes at once, on the caller's thread: what the reader allocates is counted on it.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

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
