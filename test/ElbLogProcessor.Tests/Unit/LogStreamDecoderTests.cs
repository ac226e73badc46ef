using System.Text;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
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

    /// <summary>Reads every line <see cref="LineReader"/> hands out before the decoder fails (or the input ends).</summary>
    private static async Task<(List<string> Lines, LogReadException? Error)> ReadLines(byte[] raw)
    {
        var lines = new List<string>();
        try
        {
            var (decoded, _) = await LogStreamDecoder.OpenAsync(new MemoryStream(raw), CancellationToken.None);
            await using var stream = decoded;
            using var reader = new LineReader(stream, "logs/x.log.gz");
            while (await reader.FillAsync())
                while (reader.TryReadLine(out var line, out _)) lines.Add(Encoding.UTF8.GetString(line));
            return (lines, null);
        }
        catch (LogReadException e)
        {
            return (lines, e);
        }
    }

    /// <summary>The complete lines (ending in LF) in what System.IO.Compression decodes of a cut input (it stops silently at the cut).</summary>
    private static List<string> DecodableLines(byte[] cut)
    {
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(cut), System.IO.Compression.CompressionMode.Decompress);
        var text = new StreamReader(gzip, Encoding.UTF8).ReadToEnd();
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.None).SkipLast(1)];
    }

    [Fact]
    public async Task A_cut_anywhere_emits_every_line_that_decodes_before_it_and_names_the_cut()
    {
        var original = Enumerable.Range(0, 30_000).Select(i => $"{LogLines.ClassicLine(i)}").ToList();
        // Two members, as ALB writes them: the cut can fall in either.
        var gzip = Gzip.Compress(string.Join("\n", original[..15_000]) + "\n", string.Join("\n", original[15_000..]) + "\n");
        var random = new Random(11);
        int[] cuts = [.. Enumerable.Range(0, 40).Select(_ => random.Next(20, gzip.Length - 1)), gzip.Length - 1, gzip.Length - 4, gzip.Length - 8];

        foreach (int cut in cuts)
        {
            var truncated = gzip[..cut];
            var (lines, error) = await ReadLines(truncated);
            var decodable = DecodableLines(truncated);

            Assert.NotNull(error);
            Assert.True(decodable.Count <= lines.Count, $"cut at {cut}: {decodable.Count} lines decode, {lines.Count} were emitted");
            Assert.Equal(original.Take(lines.Count), lines);
            Assert.Equal(lines.Count + 1, error.LineNumber);
            Assert.Contains($"truncated or corrupt at compressed byte {cut} ", error.Message);
        }
    }

    [Fact]
    public async Task A_corrupt_member_emits_the_lines_before_the_fault_and_names_a_byte_inside_the_input()
    {
        var original = Enumerable.Range(0, 20_000).Select(i => LogLines.ClassicLine(i)).ToList();
        var gzip = Gzip.Compress(string.Join("\n", original) + "\n");
        int corruptFrom = gzip.Length / 2;
        var beforeCorruption = DecodableLines(gzip[..corruptFrom]);
        for (int i = corruptFrom; i < corruptFrom + 16; i++) gzip[i] ^= 0x5a;

        var (lines, error) = await ReadLines(gzip);

        Assert.NotNull(error);
        Assert.NotEmpty(beforeCorruption);
        // Every line that decodes from the bytes before the corruption comes out as it was.
        Assert.Equal(beforeCorruption, lines.Take(beforeCorruption.Count));
        var at = long.Parse(System.Text.RegularExpressions.Regex.Match(error.Message, @"compressed byte (\d+)").Groups[1].Value);
        Assert.InRange(at, corruptFrom, gzip.Length);
    }

    [Fact]
    public async Task A_member_whose_crc_does_not_match_fails_after_its_lines()
    {
        var gzip = Gzip.Compress("one\ntwo\n");
        gzip[^8] ^= 0xff;   // the CRC of the trailer
        var (lines, error) = await ReadLines(gzip);
        Assert.Equal(["one", "two"], lines);
        Assert.NotNull(error);
        Assert.Contains("CRC mismatch", error.Message);
    }

    [Fact]
    public async Task Trailing_bytes_that_start_no_member_end_the_data_as_gzip_tools_do()
    {
        var (lines, error) = await ReadLines([.. Gzip.Compress("one\n"), 0, 0, 0, 0]);
        Assert.Null(error);
        Assert.Equal(["one"], lines);
    }

    [Fact]
    public async Task Header_fields_name_comment_and_extra_are_skipped()
    {
        var body = Gzip.Compress("payload\n");
        // Rebuild the member with FEXTRA, FNAME and FCOMMENT set (flags 0x1c) before the deflate data.
        byte[] header = [0x1f, 0x8b, 8, 0x1c, 0, 0, 0, 0, 0, 3, 3, 0, (byte)'x', (byte)'y', (byte)'z', (byte)'a', (byte)'.', (byte)'l', 0, (byte)'c', 0];
        var (lines, error) = await ReadLines([.. header, .. body[10..]]);
        Assert.Null(error);
        Assert.Equal(["payload"], lines);
    }
}
