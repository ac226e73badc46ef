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
    [InlineData("0.12a4")]    // near timings, of the length the 0.ddd path takes
    [InlineData("0.1 34")]
    [InlineData("0,1234")]
    [InlineData("1.2.34")]
    public void Rejects_what_is_not_a_plain_decimal(string text)
    {
        Span<byte> buffer = stackalloc byte[64];
        Assert.False(DecimalText.TryScale(Encoding.ASCII.GetBytes(text), 3, buffer, out _));
    }

    [Theory]
    [InlineData("0.123")]   // the shape with a path of its own
    [InlineData("12.5")]
    public void A_destination_shorter_than_the_documented_room_is_refused(string text)
    {
        Span<byte> buffer = stackalloc byte[DecimalText.MaxScaledLength - 1];
        Assert.False(DecimalText.TryScale(Encoding.ASCII.GetBytes(text), 3, buffer, out _));
    }

    [Fact]
    public void Seconds_below_one_scale_to_milliseconds_as_system_decimal_does()
    {
        // The shape of nearly every timing ("0." and 3 to 6 decimals has a path of its own), and
        // its neighbours: every fraction of 1 to 7 digits over 0, 1 and 9.
        Span<byte> buffer = stackalloc byte[DecimalText.MaxScaledLength];
        for (int length = 1; length <= 7; length++)
        {
            for (int n = 0; n < (int)Math.Pow(3, length); n++)
            {
                var digits = new char[length];
                for (int i = 0, k = n; i < length; i++, k /= 3) digits[i] = "019"[k % 3];
                string text = "0." + new string(digits);
                Assert.True(DecimalText.TryScale(Encoding.ASCII.GetBytes(text), 3, buffer, out int written), text);
                var expected = (decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture) * 1000m)
                    .ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..written]));
            }
        }
    }

    [Fact]
    public void Any_plain_decimal_scales_as_system_decimal_does()
    {
        // Signs, leading and trailing zeros, every shift: the text must be decimal's exact result
        // (x 10^shift, shortest form, "-0" written as "0").
        var random = new Random(20261128);
        Span<byte> buffer = stackalloc byte[DecimalText.MaxScaledLength];
        for (int round = 0; round < 50_000; round++)
        {
            string Digits(int most) => new([.. Enumerable.Range(0, random.Next(1, most + 1)).Select(_ => random.Next(3) == 0 ? '0' : (char)('0' + random.Next(10)))]);
            var text = (random.Next(4) == 0 ? "-" : "") + Digits(6) + (random.Next(4) == 0 ? "" : "." + Digits(9));
            int shift = random.Next(0, 9);
            Assert.True(DecimalText.TryScale(Encoding.ASCII.GetBytes(text), shift, buffer, out int written), text);
            var expected = (decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture) * (decimal)Math.Pow(10, shift))
                .ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);
            if (expected == "-0") expected = "0";
            Assert.True(expected == Encoding.ASCII.GetString(buffer[..written]), $"{text} x 10^{shift}: {expected} vs {Encoding.ASCII.GetString(buffer[..written])}");
        }
    }
}
