using System.Text;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class RequestLineTests
{
    [Theory]
    [InlineData("GET http://x/ HTTP/1.1", "GET", "http://x/", "HTTP/1.1")]
    [InlineData("- - - ", "-", "-", "-")]          // TCP/SSL listeners
    [InlineData("", "", "", "")]
    [InlineData("   ", "", "", "")]
    [InlineData("GET", "GET", "", "")]
    [InlineData("  GET  ", "GET", "", "")]
    [InlineData("GET http://x/", "GET", "http://x/", "")]
    [InlineData("GET http://x/a b HTTP/1.1", "GET", "http://x/a b", "HTTP/1.1")]               // a URL may hold spaces
    [InlineData("GET  http://x/a b  HTTP/1.1  ", "GET", "http://x/a b", "HTTP/1.1")]          // runs of spaces separate once
    [InlineData(" a  b ", "a", "b", "")]
    [InlineData("a b c d", "a", "b c", "d")]
    [InlineData("x  y", "x", "y", "")]
    public void Method_first_protocol_last_and_the_url_between(string request, string method, string url, string protocol)
    {
        RequestLine.Split(Encoding.UTF8.GetBytes(request), out var m, out var u, out var p);
        Assert.Equal((method, url, protocol), (Encoding.UTF8.GetString(m), Encoding.UTF8.GetString(u), Encoding.UTF8.GetString(p)));
    }

    [Fact]
    public void Any_mix_of_spaces_and_letters_splits_as_trimming_and_searching_would()
    {
        // Against the straightforward definition, over every line of up to 8 bytes from ' ', 'a', 'b'.
        byte[] alphabet = [(byte)' ', (byte)'a', (byte)'b'];
        for (int length = 0; length <= 8; length++)
        {
            int total = (int)Math.Pow(3, length);
            for (int n = 0; n < total; n++)
            {
                var bytes = new byte[length];
                for (int i = 0, k = n; i < length; i++, k /= 3) bytes[i] = alphabet[k % 3];
                var text = Encoding.ASCII.GetString(bytes);
                RequestLine.Split(bytes, out var m, out var u, out var p);
                Assert.Equal(Reference(text), (Encoding.ASCII.GetString(m), Encoding.ASCII.GetString(u), Encoding.ASCII.GetString(p)));
            }
        }
    }

    private static (string, string, string) Reference(string request)
    {
        var trimmed = request.Trim(' ');
        int first = trimmed.IndexOf(' ');
        if (first < 0) return (trimmed, "", "");
        var rest = trimmed[(first + 1)..].TrimStart(' ');
        int last = rest.LastIndexOf(' ');
        return last < 0 ? (trimmed[..first], rest, "") : (trimmed[..first], rest[..last].TrimEnd(' '), rest[(last + 1)..]);
    }
}
