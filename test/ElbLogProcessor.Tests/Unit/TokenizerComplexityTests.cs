using System.Diagnostics;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>Tokenizing is linear in the line's length, whatever the quotes and spaces.</summary>
[Trait("Category", Category.Unit)]
public class TokenizerComplexityTests
{
    private static byte[] Line(int length)
    {
        // Quotes, escapes, spaces and an unbalanced quote at the end: the worst mix for a backtracking regex.
        var pattern = "\"a b\" c \\\" \"d\\\"e\" "u8;
        var line = new byte[length];
        for (int i = 0; i < length; i++) line[i] = pattern[i % pattern.Length];
        line[^100] = (byte)'"';
        return line;
    }

    private static double BestSeconds(byte[] line, int repetitions)
    {
        var tokenizer = new FieldTokenizer();
        double best = double.MaxValue;
        for (int run = 0; run < 7; run++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < repetitions; i++) tokenizer.Tokenize(line);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    [Fact]
    public void A_ten_times_longer_line_costs_about_ten_times_as_much()
    {
        var small = Line(100 * 1024);
        var large = Line(1024 * 1024);
        BestSeconds(small, 3);   // JIT warm-up
        double ratio = BestSeconds(large, 3) / BestSeconds(small, 3);
        // Linear gives ~10; quadratic would give ~100. The wide bound absorbs timer noise.
        Assert.InRange(ratio, 2, 35);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Connection_and_health_check_lines_cost_time_linear_in_their_length(int kind)
    {
        // A huge quoted certificate subject, or a huge target group name, with quotes and escapes inside.
        static byte[] Line(int kind, int length)
        {
            var filler = string.Concat(Enumerable.Repeat("a\\\" \"b ", length / 8));
            return System.Text.Encoding.UTF8.GetBytes(kind == 0
                ? $"2023-10-04T17:05:15.514108Z 203.0.113.1 36280 443 TLSv1.2 X 4.036 \"{filler}\" NotBefore=a;NotAfter=b 01 Success TID_1"
                : $"http 2025-10-31T12:44:59.875678Z 0.019584011 172.31.20.97:80 {filler.Replace(' ', '_')} PASS 200 -");
        }

        static double Best(byte[] line)
        {
            var writer = new Events.ElbEventWriter(Events.EventEnvelope.Default);
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            var source = Events.LogSource.ForFile("x.log");
            double best = double.MaxValue;
            for (int run = 0; run < 5; run++)
            {
                output.ResetWrittenCount();
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < 3; i++) writer.Write(line, new Reading.LinePosition(1, 0), source, output);
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }

            return best;
        }

        var small = Line(kind, 100 * 1024);
        var large = Line(kind, 1024 * 1024);
        Best(small);   // JIT warm-up
        double ratio = Best(large) / Best(small);
        Assert.InRange(ratio, 2, 35);
    }
}
