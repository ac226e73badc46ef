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
}
