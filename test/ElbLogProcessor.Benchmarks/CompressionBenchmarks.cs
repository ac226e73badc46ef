using System.Buffers;
using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// Compressing one batch body as the sender does (a JSON array of 500 classic events, ~440 KB): the
/// function's setting (GZipStream, CompressionLevel.Fastest) against zlib's level 1 and 2 set
/// explicitly, Huffman-only coding, run-length matches only and fixed Huffman codes. One operation is one batch; the ratio is printed once.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0)]
public class CompressionBenchmarks
{
    private const int Events = 500;
    private byte[] _body = [];
    private readonly MemoryStream _output = new(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        var generator = new LogGenerator();
        var writer = new ElbEventWriter(new EventEnvelope(new EnvelopeOptions()));
        var source = LogSource.ForS3("logs", "AWSLogs/123/elasticloadbalancing/us-east-1/2026/11/28/bench.log", "etag", null);
        var json = new ArrayBufferWriter<byte>();
        json.Write("["u8);
        for (int i = 0; i < Events; i++)
        {
            if (i > 0) json.Write(","u8);
            writer.Write(Encoding.UTF8.GetBytes(generator.Line("classic")), new LinePosition(i + 1, i * 250L), source, json);
        }

        json.Write("]"u8);
        _body = json.WrittenSpan.ToArray();
        foreach (var (name, compress) in new (string, Action)[] { ("Fastest", Fastest), ("Level1", Level1), ("Level2", Level2), ("HuffmanOnly", HuffmanOnly), ("RunLength", RunLength), ("FixedCodes", FixedCodes) })
        {
            compress();
            Console.WriteLine($"// {name}: {_body.Length:N0} -> {_output.Length:N0} bytes ({100.0 * _output.Length / _body.Length:F1} %)");
        }
    }

    [Benchmark(Baseline = true)]
    public void Fastest() => Compress(s => new GZipStream(s, CompressionLevel.Fastest, leaveOpen: true));

    [Benchmark]
    public void Level1() => Compress(s => new GZipStream(s, new ZLibCompressionOptions { CompressionLevel = 1 }, leaveOpen: true));

    [Benchmark]
    public void Level2() => Compress(s => new GZipStream(s, new ZLibCompressionOptions { CompressionLevel = 2 }, leaveOpen: true));

    [Benchmark]
    public void HuffmanOnly() => Compress(s => new GZipStream(s,
        new ZLibCompressionOptions { CompressionLevel = 1, CompressionStrategy = ZLibCompressionStrategy.HuffmanOnly }, leaveOpen: true));

    [Benchmark]
    public void RunLength() => Compress(s => new GZipStream(s,
        new ZLibCompressionOptions { CompressionLevel = 1, CompressionStrategy = ZLibCompressionStrategy.RunLengthEncoding }, leaveOpen: true));

    [Benchmark]
    public void FixedCodes() => Compress(s => new GZipStream(s,
        new ZLibCompressionOptions { CompressionLevel = 1, CompressionStrategy = ZLibCompressionStrategy.Fixed }, leaveOpen: true));

    private void Compress(Func<Stream, GZipStream> open)
    {
        _output.SetLength(0);
        using var gzip = open(_output);
        gzip.Write(_body);
    }
}
