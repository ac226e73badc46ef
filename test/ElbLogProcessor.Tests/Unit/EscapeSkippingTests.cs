using System.Buffers;
using System.Text;
using ElbLogProcessor.Events;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The writer copies values without an escape search when the tokenizer says the line has nothing
/// to escape (FieldTokenizer.ValuesNeedEscaping): these tests hold the tokenizer to that promise and
/// the encoder to the assumption behind it.
/// </summary>
[Trait("Category", Category.Unit)]
public class EscapeSkippingTests
{
    private static bool IsPlain(byte b) => b is >= 0x20 and <= 0x7E and not (byte)'"' and not (byte)'\\';

    [Fact]
    public void The_encoder_escapes_no_printable_ascii_byte_but_quote_and_backslash()
    {
        for (int b = 0x20; b <= 0x7E; b++)
        {
            int first = EventJson.Encoder.FindFirstCharacterToEncodeUtf8([(byte)b]);
            Assert.True(IsPlain((byte)b) ? first == -1 : first == 0, $"byte 0x{b:X2}");
        }
    }

    [Theory]
    [InlineData("2015-05-13T23:39:43.945958Z my-lb 1.2.3.4:5 - -1 -1 -1 503 - 0 0 \"GET http://x/ HTTP/1.1\" \"curl/7.38.0\" - -", true)]
    [InlineData("a \"-\"1 \"b c\" \"\"", true)]
    [InlineData("tls 2.0 h2 \"h2\",\"http/1.1\"", false)]
    [InlineData("tls 2.0 h2 plain", false)]
    public void Lines_of_printable_ascii_with_delimiting_quotes_need_no_escaping(string line, bool quoteAware)
    {
        var tokenizer = new FieldTokenizer();
        tokenizer.Tokenize(Encoding.UTF8.GetBytes(line), quoteAware);
        Assert.Equal(!quoteAware && line.Contains('"'), tokenizer.ValuesNeedEscaping);
    }

    [Theory]
    [InlineData("a b\\c")]                     // backslash outside quotes
    [InlineData("a \"b\\\"c\"")]               // escaped quote inside quotes
    [InlineData("a b\"c d")]                   // quote inside an unquoted field
    [InlineData("a bc \"d\" e\u0001")]         // control byte in the tail
    [InlineData("a \u007F")]                   // DEL
    [InlineData("a caf\u00e9 0123456789012345678901234567890123")] // non-ASCII in the first vector
    [InlineData("0123456789012345678901234567890123456789 \t")]    // tab after two whole vectors
    public void Lines_with_a_byte_to_escape_are_flagged(string line)
    {
        var tokenizer = new FieldTokenizer();
        tokenizer.Tokenize(Encoding.UTF8.GetBytes(line));
        Assert.True(tokenizer.ValuesNeedEscaping);
    }

    [Fact]
    public void A_line_not_flagged_has_no_value_byte_to_escape()
    {
        // Random lines over the bytes that matter, of every length around the 16-byte vector width.
        byte[] alphabet = [(byte)'a', (byte)'0', (byte)' ', (byte)' ', (byte)'"', (byte)'"', (byte)'\\', (byte)'-', 0x01, 0x7F, 0xC3, 0xA9, (byte)'\t'];
        var random = new Random(20261128);
        var parser = new LineParser();
        var tokenizer = new FieldTokenizer();
        int plainLines = 0;
        for (int n = 0; n < 20_000; n++)
        {
            var line = new byte[random.Next(0, 70)];
            for (int i = 0; i < line.Length; i++)
                line[i] = random.Next(4) == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)('a' + random.Next(26));
            foreach (bool quoteAware in (bool[])[true, false])
            {
                tokenizer.Tokenize(line, quoteAware);
                if (tokenizer.ValuesNeedEscaping) continue;
                plainLines++;
                foreach (var field in tokenizer.Fields)
                {
                    var value = parser.Unescape(line.AsSpan(field.Start, field.Length), field).ToArray();
                    Assert.True(value.All(IsPlain), $"line {Encoding.Latin1.GetString(line)} (quoteAware {quoteAware}): value {Encoding.Latin1.GetString(value)}");
                }
            }
        }

        Assert.True(plainLines > 1000, $"only {plainLines} plain lines: the generator no longer tests the promise");
    }

    [Fact]
    public void Values_of_every_length_are_copied_whole_with_or_without_the_escape_search()
    {
        var name = new JsonName("k");
        var random = new Random(7);
        for (int length = 0; length <= 70; length++)
        {
            var value = new byte[length];
            for (int i = 0; i < length; i++) value[i] = (byte)random.Next(0x23, 0x5B);   // printable, no quote or backslash
            foreach (bool skipSearch in (bool[])[true, false])
            {
                var output = new ArrayBufferWriter<byte>();
                var w = new JsonObjectWriter(output, EventJson.Encoder) { ValuesNeedNoEscaping = skipSearch };
                w.WriteStartObject();
                w.WriteString(name, value);
                w.WriteNumberText(name, value.AsSpan(0, Math.Min(length, 40)));
                w.WriteEndObject();
                w.Complete();
                string text = Encoding.ASCII.GetString(value);
                Assert.Equal($"{{\"k\":\"{text}\",\"k\":{text[..Math.Min(length, 40)]}}}", Encoding.ASCII.GetString(output.WrittenSpan));
            }
        }
    }
}
