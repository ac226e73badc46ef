using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using ElbLogProcessor.Events;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// Parse + JSON-serialize per line on one core (each operation is one line), in the <c>elb</c> schema and in ECS,
/// against the old approach: splitting with the regex <c>/ (?=(?:(?:[^"]*"){2})*[^"]*$)/</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0)]
public partial class ParseBenchmarks
{
    private const int LinesPerInvoke = 1000;

    [GeneratedRegex(" (?=(?:(?:[^\"]*\"){2})*[^\"]*$)")]
    private static partial Regex OldSplitter();

    private byte[][] _lines = [];
    private string[] _textLines = [];
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private readonly FieldTokenizer _tokenizer = new();
    private ElbEventWriter _writer = null!;
    private ElbEventWriter _filteredWriter = null!;
    private Events.Ecs.EcsEventWriter _ecsWriter = null!;
    private readonly LogSource _source = LogSource.ForFile("/var/log/elb/bench.log");

    [Params("classic", "alb", "nlb", "connection", "healthcheck")]
    public string Format { get; set; } = "classic";

    [GlobalSetup]
    public void Setup()
    {
        var generator = new LogGenerator();
        _textLines = Enumerable.Range(0, LinesPerInvoke).Select(_ => generator.Line(Format)).ToArray();
        _lines = _textLines.Select(Encoding.UTF8.GetBytes).ToArray();
        var envelope = new Configuration.EnvelopeOptions { Component = "edge", Environment = "prod", Application = "shop" };
        _writer = new ElbEventWriter(new EventEnvelope(envelope));
        _filteredWriter = new ElbEventWriter(new EventEnvelope(envelope), new LineFilter(FiveConditions()));
        _ecsWriter = new Events.Ecs.EcsEventWriter(new Configuration.EcsOptions { Schema = Configuration.EventSchemaKind.Ecs }, envelope);
    }

    /// <summary>Five conditions over four rules that leave out no generated line (so the same events are written): what judging costs.</summary>
    internal static Configuration.FilterOptions FiveConditions() => Configuration.FilterOptions.Parse(
        "user_agent^=NoSuchAgent; elb_status_code=5xx and request_line*=/no-such-path; received_bytes>999999999",
        "domain_name=no-such.example.com@0.5");

    [Benchmark(OperationsPerInvoke = LinesPerInvoke, Description = "parse + serialize (ElbEventWriter)")]
    public int ParseAndSerialize() => WriteAll(_writer);

    [Benchmark(OperationsPerInvoke = LinesPerInvoke, Description = "parse + serialize, 5 filter conditions (ElbEventWriter)")]
    public int ParseFilterAndSerialize() => WriteAll(_filteredWriter);

    [Benchmark(OperationsPerInvoke = LinesPerInvoke, Description = "parse + serialize, ECS (EcsEventWriter)")]
    public int ParseAndSerializeEcs() => WriteAll(_ecsWriter);

    /// <summary>Writes the lines' events with <paramref name="writer"/>, as the pipeline does; the bytes written.</summary>
    private int WriteAll(IEventWriter writer)
    {
        _output.ResetWrittenCount();
        long offset = 0;
        for (int i = 0; i < _lines.Length; i++)
        {
            writer.Write(_lines[i], new LinePosition(i + 1, offset), _source, _output);
            offset += _lines[i].Length + 1;
        }

        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = LinesPerInvoke, Description = "tokenize only (FieldTokenizer)")]
    public int Tokenize()
    {
        int fields = 0;
        foreach (var line in _lines) fields += _tokenizer.Tokenize(line);
        return fields;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = LinesPerInvoke, Description = "old regex split only")]
    public int OldRegexSplit()
    {
        int fields = 0;
        foreach (var line in _textLines) fields += OldSplitter().Split(line).Length;
        return fields;
    }
}
