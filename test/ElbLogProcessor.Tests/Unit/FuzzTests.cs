using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Generated and mutated lines (random bytes, truncations, unbalanced quotes, stray
/// backslashes, huge fields): the writer never throws and every non-blank line gives
/// exactly one well-formed JSON event.
/// </summary>
[Trait("Category", Category.Unit)]
public class FuzzTests
{
    private static readonly byte[][] Seeds =
    [
        .. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "PeerCases"), "*.log")
            .SelectMany(File.ReadAllLines).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes),
        Encoding.UTF8.GetBytes(LogLines.Alb),
        Encoding.UTF8.GetBytes(LogLines.Nlb),
        .. LogLines.Connection.Select(Encoding.UTF8.GetBytes),
        .. LogLines.HealthCheck.Select(Encoding.UTF8.GetBytes),
    ];

    private static readonly byte[] Specials = "\" \\-\t\r\u00ff01.:"u8.ToArray();

    /// <summary>A line from a seed, mutated by one of several strategies chosen by the generator.</summary>
    private static readonly Gen<byte[]> Lines =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 6], Gen.Int, (seed, strategy, salt) =>
        {
            var random = new Random(salt);
            var line = Seeds[seed].ToList();
            switch (strategy)
            {
                case 0: // random bytes
                    var bytes = new byte[random.Next(0, 400)];
                    random.NextBytes(bytes);
                    line = [.. bytes];
                    break;
                case 1: // truncation
                    line = line.Take(random.Next(0, line.Count)).ToList();
                    break;
                case 2: // byte flips
                    for (int i = random.Next(1, 8); i > 0; i--) line[random.Next(line.Count)] = (byte)random.Next(256);
                    break;
                case 3: // quotes, backslashes and spaces in odd places
                    for (int i = random.Next(1, 6); i > 0; i--)
                        line.Insert(random.Next(line.Count + 1), Specials[random.Next(Specials.Length)]);
                    break;
                case 4: // a huge field, now and then
                    if (salt % 64 == 0)
                        line.InsertRange(random.Next(line.Count + 1), Enumerable.Repeat((byte)"x\" "[random.Next(3)], random.Next(10_000, 200_000)));
                    break;
                case 5: // fields dropped or repeated
                    var fields = Encoding.UTF8.GetString(line.ToArray()).Split(' ').ToList();
                    int at = random.Next(fields.Count);
                    if (random.Next(2) == 0) fields.RemoveAt(at); else fields.Insert(at, fields[at]);
                    line = [.. Encoding.UTF8.GetBytes(string.Join(' ', fields))];
                    break;
            }

            // One line: a newline would make it two.
            return line.Select(b => b == (byte)'\n' ? (byte)' ' : b).ToArray();
        });

    private static bool IsBlank(byte[] line) => line.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or 0x0b or 0x0c);

    [Fact]
    public void Every_generated_line_gives_one_json_event_or_is_blank()
    {
        Lines.Sample(line =>
        {
            var writer = new ElbEventWriter(EventEnvelope.Default);
            var output = new ArrayBufferWriter<byte>();
            var result = writer.Write(line, new LinePosition(1, 0), LogSource.ForFile("fuzz.log"), output);
            if (IsBlank(line))
            {
                Assert.True(result.IsBlank);
                Assert.Equal(0, output.WrittenCount);
                return;
            }

            Assert.False(result.IsBlank);
            using var document = JsonDocument.Parse(output.WrittenMemory);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            Assert.Equal(result.IsMalformed, document.RootElement.TryGetProperty("tags", out _));
        }, iter: 100_000);
    }

    [Fact]
    public async Task A_stream_of_generated_lines_gives_exactly_one_event_per_non_blank_line()
    {
        await Lines.Array[100_000].SampleAsync(Verify, iter: 1, threads: 1);
    }

    private static async Task Verify(byte[][] lines)
    {
        var input = new MemoryStream();
        foreach (var line in lines)
        {
            input.Write(line);
            input.WriteByte((byte)'\n');
        }

        input.Position = 0;
        var summary = new RunSummary();
        var output = new MemoryStream();
        var writer = new ElbEventWriter(EventEnvelope.Default);
        await using var sink = new NdjsonSink(output, summary);
        var pipeline = new LogPipeline(writer, sink, new BatchOptions(), summary, TextWriter.Null);
        var (result, _) = await pipeline.ReadObjectAsync(new StreamStore(_ => input), new ObjectToRead(new ObjectLocation("fuzz", "fuzz.log")),
            new ReadStop(), CancellationToken.None);
        await sink.CompleteAsync(CancellationToken.None);

        // A mutated line may end in CR, which the reader drops as part of a CR LF.
        int nonBlank = lines.Count(l => !IsBlank(l.Length > 0 && l[^1] == '\r' ? l[..^1] : l));
        var events = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(SourceOutcome.Completed, result.Outcome);
        Assert.Equal(lines.Length, summary.Lines);
        Assert.Equal(nonBlank, events.Length);
        Assert.Equal(nonBlank, summary.Events);
        Assert.Equal(nonBlank, summary.EventsSent);
        Assert.Equal(events.Length, events.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("EventId").GetString()).Distinct().Count());
    }
}
