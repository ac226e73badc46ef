using System.Text;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
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
