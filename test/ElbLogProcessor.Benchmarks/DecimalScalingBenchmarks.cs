using System.Buffers.Text;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// Seconds to milliseconds as exact JSON number text, for the timings of 1,000 generated lines:
/// the hand-written <see cref="DecimalText"/> (moves the decimal point in the text) against
/// <see cref="decimal"/> (parse, multiply by 1000, format without trailing zeros). Setup checks
/// that both give the same text. One operation is one timing.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0)]
public class DecimalScalingBenchmarks
{
    private byte[][] _timings = [];
    private readonly byte[] _output = new byte[DecimalText.MaxScaledLength];

    [GlobalSetup]
    public void Setup()
    {
        var generator = new LogGenerator();
        // Fields 5 to 7 of a classic line are the three timings in seconds.
        _timings = [.. Enumerable.Range(0, 334).SelectMany(_ => generator.Classic().Split(' ')[4..7]).Take(1000).Select(Encoding.ASCII.GetBytes)];
        foreach (var timing in _timings)
        {
            DecimalText.TryScale(timing, 3, _output, out int a);
            var handWritten = Encoding.ASCII.GetString(_output, 0, a);
            int b = WithDecimal(timing);
            var withDecimal = Encoding.ASCII.GetString(_output, 0, b);
            if (handWritten != withDecimal) throw new InvalidOperationException($"{Encoding.ASCII.GetString(timing)}: {handWritten} vs {withDecimal}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 1000, Description = "DecimalText.TryScale (hand-written)")]
    public int HandWritten()
    {
        int total = 0;
        foreach (var timing in _timings)
        {
            DecimalText.TryScale(timing, 3, _output, out int written);
            total += written;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = 1000, Description = "decimal: parse, x1000, format G29")]
    public int SystemDecimal()
    {
        int total = 0;
        foreach (var timing in _timings) total += WithDecimal(timing);
        return total;
    }

    private int WithDecimal(byte[] timing)
    {
        Utf8Parser.TryParse(timing, out decimal seconds, out _);
        (seconds * 1000m).TryFormat(_output, out int written, "G29", CultureInfo.InvariantCulture);
        return written;
    }
}
