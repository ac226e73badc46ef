using System.Text;
using ElbLogProcessor.Events;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

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

public class FormatDetectorTests
{
    [Theory]
    [InlineData("2015-05-13T23:39:43.945958Z my-lb", LoadBalancerType.Classic)]
    [InlineData("http 2018-07-02T22:23:00.186641Z app", LoadBalancerType.Application)]
    [InlineData("https 2018-07-02T22:23:00Z app", LoadBalancerType.Application)]
    [InlineData("h2 2018-07-02T22:23:00Z app", LoadBalancerType.Application)]
    [InlineData("grpcs 2018-07-02T22:23:00Z app", LoadBalancerType.Application)]
    [InlineData("ws 2018-07-02T22:23:00Z app", LoadBalancerType.Application)]
    [InlineData("wss 2018-07-02T22:23:00Z app", LoadBalancerType.Application)]
    [InlineData("tls 2.0 2018-12-20T02:59:40 net", LoadBalancerType.Network)]
    [InlineData("tls 1.0 2018-12-20T02:59:40 net", LoadBalancerType.Network)]
    [InlineData("http not-a-time", LoadBalancerType.Unknown)]
    [InlineData("ftp 2018-07-02T22:23:00Z app", LoadBalancerType.Unknown)]
    [InlineData("tls 2 x", LoadBalancerType.Unknown)]
    [InlineData("tls 2.x x", LoadBalancerType.Unknown)]
    [InlineData("2015-05-13", LoadBalancerType.Unknown)]
    [InlineData("", LoadBalancerType.Unknown)]
    [InlineData(" leading space", LoadBalancerType.Unknown)]
    public void Detects_by_first_tokens(string line, LoadBalancerType expected) =>
        Assert.Equal(expected, FormatDetector.Detect(Encoding.UTF8.GetBytes(line)));
}

public class DecimalTextTests
{
    [Theory]
    [InlineData("0.000073", 3, "0.073")]
    [InlineData("0.001048", 3, "1.048")]
    [InlineData("0.000", 3, "0")]
    [InlineData("0.086", 3, "86")]
    [InlineData("0.00491", 3, "4.91")]
    [InlineData("0.00001", 3, "0.01")]
    [InlineData("12.5", 3, "12500")]
    [InlineData("7", 3, "7000")]
    [InlineData("0.0000001", 3, "0.0001")]
    [InlineData("-0.5", 3, "-500")]
    [InlineData("-0.000", 3, "0")]
    [InlineData("5", 0, "5")]
    [InlineData("007", 0, "7")]
    [InlineData("1.2300", 0, "1.23")]
    public void Scales_exactly(string text, int shift, string expected)
    {
        Span<byte> buffer = stackalloc byte[64];
        Assert.True(DecimalText.TryScale(Encoding.ASCII.GetBytes(text), shift, buffer, out int written));
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..written]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1e-5")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("+1")]
    [InlineData("12345678901234567890123456789012345678901")]
    public void Rejects_what_is_not_a_plain_decimal(string text)
    {
        Span<byte> buffer = stackalloc byte[64];
        Assert.False(DecimalText.TryScale(Encoding.ASCII.GetBytes(text), 3, buffer, out _));
    }
}
