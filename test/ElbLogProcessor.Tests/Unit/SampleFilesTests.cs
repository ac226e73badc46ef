using System.Globalization;
using System.Text;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>The bundled samples are what AWS would write: a newcomer's first events must not show what never happens.</summary>
[Trait("Category", Category.Unit)]
public sealed class SampleFilesTests
{
    [Fact]
    public void Every_alb_sample_request_was_created_before_its_response()
    {
        var lines = Encoding.UTF8.GetString(Gzip.Decompress(File.ReadAllBytes(RepositoryFiles.Path("deploy", "samples", "alb.log.gz"))))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, lines.Length);
        var parser = new LineParser();
        int time = AlbAccessLog.Kind.IndexOfNamed("time"u8), created = AlbAccessLog.Kind.IndexOfNamed("request_creation_time"u8);
        foreach (var line in lines)
        {
            var parsed = parser.Parse(Encoding.UTF8.GetBytes(line));
            var respondedAt = At(parsed.Value(parsed.Fields[time]));
            Assert.True(At(parsed.Value(parsed.Fields[created])) <= respondedAt, line);
        }

        static DateTime At(ReadOnlySpan<byte> text) =>
            DateTime.Parse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
    }
}
