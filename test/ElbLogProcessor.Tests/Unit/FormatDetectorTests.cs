using System.Text;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class FormatDetectorTests
{
    [Theory]
    [InlineData("2015-05-13T23:39:43.945958Z my-lb", "Classic")]
    [InlineData("http 2018-07-02T22:23:00.186641Z app", "Application")]
    [InlineData("https 2018-07-02T22:23:00Z app", "Application")]
    [InlineData("h2 2018-07-02T22:23:00Z app", "Application")]
    [InlineData("grpcs 2018-07-02T22:23:00Z app", "Application")]
    [InlineData("ws 2018-07-02T22:23:00Z app", "Application")]
    [InlineData("wss 2018-07-02T22:23:00Z app", "Application")]
    [InlineData("tls 2.0 2018-12-20T02:59:40 net", "Network")]
    [InlineData("tls 1.0 2018-12-20T02:59:40 net", "Network")]
    [InlineData("http not-a-time", "Unknown")]
    [InlineData("ftp 2018-07-02T22:23:00Z app", "Unknown")]
    [InlineData("tls 2 x", "Unknown")]
    [InlineData("tls 2.x x", "Unknown")]
    [InlineData("2015-05-13", "Unknown")]
    [InlineData("", "Unknown")]
    [InlineData(" leading space", "Unknown")]
    public void Detects_by_first_tokens(string line, string expected) =>
        Assert.Equal(Enum.Parse<LogFormat>(expected), FormatDetector.Detect(Encoding.UTF8.GetBytes(line)));
}
