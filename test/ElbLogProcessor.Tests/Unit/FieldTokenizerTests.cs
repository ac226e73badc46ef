using System.Text;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class FieldTokenizerTests
{
    private static string[] Tokens(string line, bool quoteAware = true)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var tokenizer = new FieldTokenizer();
        tokenizer.Tokenize(bytes, quoteAware);
        return tokenizer.Fields.ToArray().Select(f => Encoding.UTF8.GetString(bytes, f.Start, f.Length)).ToArray();
    }

    [Theory]
    [InlineData("a b c", new[] { "a", "b", "c" })]
    [InlineData("  a   b  ", new[] { "a", "b" })]
    [InlineData("", new string[0])]
    [InlineData("   ", new string[0])]
    [InlineData("a \"b c\" d", new[] { "a", "b c", "d" })]
    [InlineData("\"- - - \" \"-\"", new[] { "- - - ", "-" })]
    [InlineData("\"\" x", new[] { "", "x" })]
    [InlineData("a \"say \\\"hi\\\"\" b", new[] { "a", "say \\\"hi\\\"", "b" })]
    [InlineData("\"-\"1 2", new[] { "-", "1", "2" })]
    [InlineData("\"x\"\"y\"", new[] { "x", "y" })]
    [InlineData("a \"unbalanced b c", new[] { "a", "unbalanced b c" })]
    [InlineData("a \"ends in backslash\\", new[] { "a", "ends in backslash\\" })]
    [InlineData("a\"b c", new[] { "a\"b", "c" })]
    public void Splits_on_spaces_outside_quotes(string line, string[] expected) => Assert.Equal(expected, Tokens(line));

    [Fact]
    public void Marks_quoted_fields_and_escapes()
    {
        var tokenizer = new FieldTokenizer();
        tokenizer.Tokenize("x \"a\" \"b\\\"c\""u8);
        var f = tokenizer.Fields.ToArray();
        Assert.Equal([false, true, true], f.Select(x => x.Quoted));
        Assert.Equal([false, false, true], f.Select(x => x.HasEscapes));
    }

    [Fact]
    public void Without_quote_awareness_only_spaces_separate() =>
        Assert.Equal(["h2", "\"h2\",\"http/1.1\""], Tokens("h2 \"h2\",\"http/1.1\"", quoteAware: false));

    [Fact]
    public void Every_short_line_splits_as_the_byte_by_byte_rules_say()
    {
        // Every line of up to 8 bytes over space, quote, backslash and a letter, both modes.
        byte[] alphabet = [(byte)' ', (byte)'"', (byte)'\\', (byte)'a'];
        var tokenizer = new FieldTokenizer();
        for (int length = 0; length <= 8; length++)
        {
            for (int n = 0; n < 1 << (2 * length); n++)
            {
                var line = new byte[length];
                for (int i = 0, k = n; i < length; i++, k >>= 2) line[i] = alphabet[k & 3];
                AssertSplitsAsReference(tokenizer, line);
            }
        }
    }

    [Fact]
    public void Long_lines_split_as_the_byte_by_byte_rules_say_across_every_vector_boundary()
    {
        // Lines up to 300 bytes, so that quotes, escapes and a backslash as the last byte of a
        // block (escaping the first byte of the next) fall on every position of the vector blocks.
        byte[] special = [(byte)' ', (byte)' ', (byte)'"', (byte)'"', (byte)'\\', (byte)'-', 0x01, 0x7F, 0xC3, 0xA9, (byte)'\t'];
        var random = new Random(20261129);
        var tokenizer = new FieldTokenizer();
        for (int n = 0; n < 20_000; n++)
        {
            var line = new byte[random.Next(0, 300)];
            int density = random.Next(2, 12);
            for (int i = 0; i < line.Length; i++)
                line[i] = random.Next(density) == 0 ? special[random.Next(special.Length)] : (byte)('a' + random.Next(26));
            AssertSplitsAsReference(tokenizer, line);
        }
    }

    private static void AssertSplitsAsReference(FieldTokenizer tokenizer, byte[] line)
    {
        foreach (bool quoteAware in (bool[])[true, false])
        {
            var (fields, needsEscaping) = Reference(line, quoteAware);
            tokenizer.Tokenize(line, quoteAware);
            string shown = Encoding.Latin1.GetString(line);
            Assert.True(fields.SequenceEqual(tokenizer.Fields.ToArray()), $"fields of [{shown}] (quoteAware {quoteAware})");
            Assert.True(needsEscaping == tokenizer.ValuesNeedEscaping, $"escaping flag of [{shown}] (quoteAware {quoteAware})");
        }
    }

    /// <summary>The rules of <see cref="FieldTokenizer"/>, one byte at a time.</summary>
    private static (List<Field> Fields, bool NeedsEscaping) Reference(byte[] line, bool quoteAware)
    {
        var fields = new List<Field>();
        bool needsEscaping = line.Any(b => b is < 0x20 or > 0x7E or (byte)'\\') || (!quoteAware && line.Contains((byte)'"'));
        int i = 0;
        while (i < line.Length)
        {
            if (line[i] == (byte)' ') { i++; continue; }
            if (quoteAware && line[i] == (byte)'"')
            {
                int start = ++i;
                bool escaped = false;
                while (i < line.Length && line[i] != (byte)'"')
                {
                    if (line[i] == (byte)'\\') { escaped = true; i++; }
                    i++;
                }

                fields.Add(new Field(start, Math.Min(i, line.Length) - start, true, escaped));
                i++;   // past the closing quote (or the end)
                continue;
            }

            int from = i;
            while (i < line.Length && line[i] != (byte)' ')
            {
                if (line[i] == (byte)'"') needsEscaping = true;   // a quote inside an unquoted field is content
                i++;
            }

            fields.Add(new Field(from, i - from, false, false));
        }

        return (fields, needsEscaping);
    }

    [Fact]
    public void Grows_for_wide_lines_and_recovers()
    {
        var tokenizer = new FieldTokenizer();
        var wide = string.Join(' ', Enumerable.Range(0, 10_000));
        Assert.Equal(10_000, tokenizer.Tokenize(Encoding.ASCII.GetBytes(wide)));
        Assert.Equal(2, tokenizer.Tokenize("a b"u8));
        Assert.Equal(2, tokenizer.Fields.Length);
    }
}
