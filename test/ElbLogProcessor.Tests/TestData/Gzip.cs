using System.IO.Compression;
using System.Text;

namespace ElbLogProcessor.Tests;

/// <summary>gzip for tests: each argument becomes one member, as ALB writes several.</summary>
internal static class Gzip
{
    public static byte[] Compress(params string[] members) =>
        [.. members.SelectMany(m => Compress(Encoding.UTF8.GetBytes(m)))];

    public static byte[] Compress(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }
}
