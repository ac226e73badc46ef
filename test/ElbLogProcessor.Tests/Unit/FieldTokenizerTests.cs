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
    public void Grows_for_wide_lines_and_recovers()
    {
        var tokenizer = new FieldTokenizer();
        var wide = string.Join(' ', Enumerable.Range(0, 10_000));
        Assert.Equal(10_000, tokenizer.Tokenize(Encoding.ASCII.GetBytes(wide)));
        Assert.Equal(2, tokenizer.Tokenize("a b"u8));
        Assert.Equal(2, tokenizer.Fields.Length);
    }
}
