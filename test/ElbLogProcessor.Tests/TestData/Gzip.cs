using System.IO.Compression;
using System.Text;

namespace ElbLogProcessor.Tests;

/// <summary>gzip for tests: each argument of <see cref="Compress(string[])"/> becomes one member, as ALB writes several.</summary>
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

    /// <summary>All members of <paramref name="compressed"/>, decoded one after the other.</summary>
    public static byte[] Decompress(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
