using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events.Ecs;

namespace ElbLogProcessor.Tests;

/// <summary>
/// url.* as Elasticsearch's uri_parts processor gives it, for every URL of Ecs/uri-parts.urls: the processor's
/// own logic run with OpenJDK 17 recorded the expected parts (test/ElbLogProcessor.Tests/Ecs/README.md), including Java's decoding, its
/// registry-based authorities without a host, and java.net.URL's lenient fallback.
/// </summary>
[Trait("Category", Category.Unit)]
public class UriPartsTests
{
    public static TheoryData<string> Expected => [.. File.ReadAllLines(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "uri-parts.expected.ndjson"))];

    [Theory]
    [MemberData(nameof(Expected))]
    public void Splits_as_the_uri_parts_processor_does(string expectedLine)
    {
        var expected = JsonDocument.Parse(expectedLine).RootElement;
        var url = Encoding.UTF8.GetBytes(expected.GetProperty("url").GetString()!);
        var scratch = new byte[UriParts.ScratchFor(url.Length)];
        bool split = UriParts.TrySplit(url, scratch, out var parts);

        if (expected.TryGetProperty("fails", out _))
        {
            Assert.False(split);
            return;
        }

        Assert.True(split);
        var actual = new Dictionary<string, string>();
        if (parts.HasDomain) actual["domain"] = Encoding.UTF8.GetString(parts.Domain);
        if (parts.HasFragment) actual["fragment"] = Encoding.UTF8.GetString(parts.Fragment);
        if (parts.HasPath) actual["path"] = Encoding.UTF8.GetString(parts.Path);
        var extension = parts.Extension(out bool hasExtension);
        if (hasExtension) actual["extension"] = Encoding.UTF8.GetString(extension);
        if (parts.Port >= 0) actual["port"] = parts.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (parts.HasQuery) actual["query"] = Encoding.UTF8.GetString(parts.Query);
        if (parts.HasScheme)
        {
            var scheme = Encoding.UTF8.GetString(parts.Scheme);
            actual["scheme"] = parts.LowercaseScheme ? scheme.ToLowerInvariant() : scheme;
        }

        if (parts.HasUserInfo) actual["user_info"] = Encoding.UTF8.GetString(parts.UserInfo);
        var wanted = expected.EnumerateObject().Where(p => p.Name is not ("url" or "username" or "password"))
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetRawText() : p.Value.GetString()!);
        Assert.Equal(wanted.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
    }
}
