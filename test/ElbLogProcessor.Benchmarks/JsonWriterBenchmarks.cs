using System.Buffers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// The JSON layer alone: the events of 1,000 generated lines, as the sequence of properties the
/// event writer emits, written by the hand-written <see cref="JsonObjectWriter"/> and by
/// System.Text.Json's <see cref="Utf8JsonWriter"/> (names pre-encoded, the same encoder, raw
/// number text). Setup checks that both write the same bytes. One operation is one event.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0)]
public class JsonWriterBenchmarks
{
    private const int Events = 1000;

    private enum Kind { StartObject, EndObject, String, Number, StartArray, StringValue, EndArray }

    private readonly record struct Token(Kind Kind, JsonName? Name, JsonEncodedText EncodedName, byte[] Value);

    private Token[][] _events = [];
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private Utf8JsonWriter _utf8 = null!;

    [Params("classic", "alb")]
    public string Format { get; set; } = "classic";

    [GlobalSetup]
    public void Setup()
    {
        var generator = new LogGenerator();
        var writer = new ElbEventWriter(new EventEnvelope(new EnvelopeOptions { Component = "edge", Environment = "prod", Application = "shop" }));
        var source = LogSource.ForS3("logs", "AWSLogs/123/elasticloadbalancing/us-east-1/2026/11/28/bench.log", "etag", null);
        var expected = new List<byte[]>();
        _events = [.. Enumerable.Range(0, Events).Select(i =>
        {
            var json = new ArrayBufferWriter<byte>();
            writer.Write(Encoding.UTF8.GetBytes(generator.Line(Format)), new LinePosition(i + 1, i * 250L), source, json);
            expected.Add(json.WrittenSpan.ToArray());
            return Tokens(json.WrittenMemory);
        })];
        _utf8 = new Utf8JsonWriter(_output, new JsonWriterOptions { Encoder = EventJson.Encoder, SkipValidation = true });

        // Both writers must produce exactly the events the function sends.
        for (int i = 0; i < Events; i++)
        {
            _output.ResetWrittenCount();
            WriteHandWritten(_events[i]);
            if (!_output.WrittenSpan.SequenceEqual(expected[i])) throw new InvalidOperationException($"JsonObjectWriter differs at event {i}");
            _output.ResetWrittenCount();
            _utf8.Reset(_output);
            WriteUtf8JsonWriter(_events[i]);
            if (!_output.WrittenSpan.SequenceEqual(expected[i]))
                throw new InvalidOperationException($"Utf8JsonWriter differs at event {i}: {Encoding.UTF8.GetString(_output.WrittenSpan)}");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "JsonObjectWriter (hand-written)")]
    public int HandWritten()
    {
        _output.ResetWrittenCount();
        foreach (var e in _events) WriteHandWritten(e);
        return _output.WrittenCount;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Utf8JsonWriter")]
    public int SystemTextJson()
    {
        _output.ResetWrittenCount();
        _utf8.Reset(_output);
        foreach (var e in _events) WriteUtf8JsonWriter(e);
        return _output.WrittenCount;
    }

    private void WriteHandWritten(Token[] tokens)
    {
        var w = new JsonObjectWriter(_output, EventJson.Encoder);
        foreach (var t in tokens)
        {
            switch (t.Kind)
            {
                case Kind.StartObject when t.Name is null: w.WriteStartObject(); break;
                case Kind.StartObject: w.WriteStartObject(t.Name); break;
                case Kind.EndObject: w.WriteEndObject(); break;
                case Kind.String: w.WriteString(t.Name!, t.Value); break;
                case Kind.Number: w.WriteNumberText(t.Name!, t.Value); break;
                case Kind.StartArray: w.WriteStartArray(t.Name!); break;
                case Kind.StringValue: w.WriteStringValue(t.Value); break;
                case Kind.EndArray: w.WriteEndArray(); break;
            }
        }

        w.Complete();
    }

    private void WriteUtf8JsonWriter(Token[] tokens)
    {
        var w = _utf8;
        foreach (var t in tokens)
        {
            switch (t.Kind)
            {
                case Kind.StartObject when t.Name is null: w.WriteStartObject(); break;
                case Kind.StartObject: w.WriteStartObject(t.EncodedName); break;
                case Kind.EndObject: w.WriteEndObject(); break;
                case Kind.String: w.WriteString(t.EncodedName, t.Value); break;
                case Kind.Number:
                    w.WritePropertyName(t.EncodedName);
                    w.WriteRawValue(t.Value, skipInputValidation: true);
                    break;
                case Kind.StartArray: w.WriteStartArray(t.EncodedName); break;
                case Kind.StringValue: w.WriteStringValue(t.Value); break;
                case Kind.EndArray: w.WriteEndArray(); break;
            }
        }

        w.Flush();
        w.Reset(_output);
    }

    /// <summary>The event as the writer calls it: one token per property, value or bracket.</summary>
    private static Token[] Tokens(ReadOnlyMemory<byte> json)
    {
        var tokens = new List<Token>();
        var reader = new Utf8JsonReader(json.Span);
        string? name = null;
        while (reader.Read())
        {
            Token Named(Kind kind, byte[] value) => new(kind, name is null ? null : new JsonName(name),
                name is null ? default : JsonEncodedText.Encode(name, EventJson.Encoder), value);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName: name = reader.GetString(); continue;
                case JsonTokenType.StartObject: tokens.Add(Named(Kind.StartObject, [])); break;
                case JsonTokenType.EndObject: tokens.Add(new Token(Kind.EndObject, null, default, [])); break;
                case JsonTokenType.StartArray: tokens.Add(Named(Kind.StartArray, [])); break;
                case JsonTokenType.EndArray: tokens.Add(new Token(Kind.EndArray, null, default, [])); break;
                case JsonTokenType.String:
                    var text = Encoding.UTF8.GetBytes(reader.GetString()!);
                    tokens.Add(name is null ? new Token(Kind.StringValue, null, default, text) : Named(Kind.String, text));
                    break;
                case JsonTokenType.Number: tokens.Add(Named(Kind.Number, reader.ValueSpan.ToArray())); break;
                default: throw new InvalidOperationException($"unexpected {reader.TokenType}");
            }

            name = null;
        }

        return [.. tokens];
    }
}
