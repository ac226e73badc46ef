using System.Buffers;
using System.Diagnostics;
using System.Text;
using ElbLogProcessor.Events;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>filter-cost [--rounds N]</c>: what judging DROP_WHEN and SAMPLE_WHEN costs per line, as a ratio measured in one run:
/// per log kind, rounds that alternate writing the same 1,000 generated lines without rules and with the five conditions
/// of <see cref="ParseBenchmarks"/> (which leave out no line, so the same events are written); prints each kind's
/// ratio of CPU per line (with rules / without), min and median over the rounds. Steadier on a shared machine than two
/// BenchmarkDotNet means taken minutes apart.
/// </summary>
public static class FilterCost
{
    public static int Run(string[] args)
    {
        int rounds = args is ["--rounds", var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 21;
        var envelope = new EventEnvelope(new Configuration.EnvelopeOptions { Component = "edge", Environment = "prod", Application = "shop" });
        var plain = new ElbEventWriter(envelope);
        var filtered = new ElbEventWriter(envelope, new LineFilter(ParseBenchmarks.FiveConditions()));
        var source = LogSource.ForFile("/var/log/elb/bench.log");
        var output = new ArrayBufferWriter<byte>(1 << 20);
        foreach (var format in new[] { "classic", "alb", "nlb", "connection", "healthcheck" })
        {
            var generator = new LogGenerator();
            var lines = Enumerable.Range(0, 1000).Select(_ => Encoding.UTF8.GetBytes(generator.Line(format))).ToArray();
            double Measure(ElbEventWriter writer)
            {
                var clock = Stopwatch.StartNew();
                for (int pass = 0; pass < 200; pass++)
                {
                    output.ResetWrittenCount();
                    long offset = 0;
                    for (int i = 0; i < lines.Length; i++)
                    {
                        writer.Write(lines[i], new LinePosition(i + 1, offset), source, output);
                        offset += lines[i].Length + 1;
                    }
                }

                return clock.Elapsed.TotalNanoseconds / (200.0 * lines.Length);
            }

            Measure(plain);
            Measure(filtered);   // warm both
            var ratios = new List<double>();
            var (without, with) = (new List<double>(), new List<double>());
            for (int round = 0; round < rounds; round++)
            {
                double a, b;
                if (round % 2 == 0) (a, b) = (Measure(plain), Measure(filtered));
                else (b, a) = (Measure(filtered), Measure(plain));
                without.Add(a);
                with.Add(b);
                ratios.Add(b / a);
            }

            ratios.Sort();
            without.Sort();
            with.Sort();
            Console.WriteLine($"{format,-12} ns per line without rules min {without[0]:F0} median {without[rounds / 2]:F0}; with five conditions " +
                              $"min {with[0]:F0} median {with[rounds / 2]:F0}; ratio min {ratios[0]:F3} median {ratios[rounds / 2]:F3}");
        }

        return 0;
    }
}
