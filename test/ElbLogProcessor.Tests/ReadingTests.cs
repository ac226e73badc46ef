using System.IO.Compression;
using System.Text;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

internal static class Gzip
{
    public static byte[] Compress(params string[] members) =>
        [.. members.SelectMany(m => Compress(Encoding.UTF8.GetBytes(m)))];

    public static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }
}

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

    /// <summary>Serves its bytes, then throws.</summary>
    private sealed class FailingStream(byte[] data, Exception failure) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position == Length) throw failure;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}

public class LogStreamDecoderTests
{
    private static async Task<string> Decode(byte[] raw, bool? expectCompressed = null)
    {
        var (decoded, compressed) = await LogStreamDecoder.OpenAsync(new MemoryStream(raw), CancellationToken.None);
        await using var stream = decoded;
        if (expectCompressed is { } expected) Assert.Equal(expected, compressed);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task Plain_text_passes_through() => Assert.Equal("a\nb\n", await Decode("a\nb\n"u8.ToArray(), expectCompressed: false));

    [Fact]
    public async Task Tiny_inputs_pass_through()
    {
        Assert.Equal("", await Decode([]));
        Assert.Equal("x", await Decode("x"u8.ToArray()));
        Assert.Equal("\u001f", await Decode([0x1f]));
    }

    [Fact]
    public async Task Gzip_is_detected_by_magic_bytes() => Assert.Equal("hello\n", await Decode(Gzip.Compress("hello\n"), expectCompressed: true));

    [Fact]
    public async Task Every_member_of_a_multi_member_gzip_is_read() =>
        Assert.Equal("one\ntwo\nthree\n", await Decode(Gzip.Compress("one\n", "two\n", "three\n")));

    [Fact]
    public async Task Truncated_gzip_fails_after_emitting_every_earlier_line()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i} {Guid.NewGuid()}\n"));
        var gzip = Gzip.Compress(text);
        var truncated = gzip[..(gzip.Length / 2)];

        var lines = new List<string>();
        var error = await Assert.ThrowsAsync<LogReadException>(async () =>
        {
            var (decoded, _) = await LogStreamDecoder.OpenAsync(new MemoryStream(truncated), CancellationToken.None);
            await using var stream = decoded;
            using var reader = new LineReader(stream, "logs/x.log.gz");
            while (await reader.FillAsync())
                while (reader.TryReadLine(out var line, out _)) lines.Add(Encoding.UTF8.GetString(line));
        });

        Assert.NotEmpty(lines);
        Assert.Equal(text.Split('\n').Take(lines.Count), lines);
        Assert.Equal(lines.Count + 1, error.LineNumber);
        Assert.Contains("logs/x.log.gz", error.Message);
        Assert.Contains("truncated or corrupt at compressed byte", error.Message);
    }

    [Fact]
    public async Task Missing_gzip_trailer_is_an_error()
    {
        var gzip = Gzip.Compress("complete line\n");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Decode(gzip[..^4]));
        Assert.IsType<InvalidDataException>(error);
    }

    [Fact]
    public async Task Corrupt_gzip_is_an_error()
    {
        var gzip = Gzip.Compress(string.Concat(Enumerable.Repeat("some text to compress\n", 100)));
        for (int i = 12; i < 20; i++) gzip[i] ^= 0x5a;
        await Assert.ThrowsAsync<InvalidDataException>(() => Decode(gzip));
    }
}
