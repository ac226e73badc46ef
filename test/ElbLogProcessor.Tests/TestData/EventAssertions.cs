using System.Buffers;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>Turns lines into parsed JSON events and asserts on them field by field.</summary>
internal static class EventAssertions
{
    public static readonly string[] EnvelopeNames =
        ["Type", "SourceModuleName", "Component", "Environment", "Application", "LoadBalancerType", "EventId", "Source"];

    public static Outcome OutcomeOf(LineResult result) => result switch
    {
        { IsBlank: true } => Outcome.Blank,
        { IsMalformed: true } => Outcome.Malformed,
        { Kind: var k } when k == ClassicAccessLog.Kind => Outcome.Classic,
        { Kind: var k } when k == AlbAccessLog.Kind => Outcome.Application,
        { Kind: var k } when k == NlbAccessLog.Kind => Outcome.Network,
        { Kind: var k } when k == AlbConnectionLog.Kind => Outcome.Connection,
        { Kind: var k } when k == AlbHealthCheckLog.Kind => Outcome.HealthCheck,
        _ => throw new ArgumentException($"unexpected {result}"),
    };

    public static (Outcome Outcome, JsonElement Event) Convert(string line, EventEnvelope? envelope = null) =>
        Convert(Encoding.UTF8.GetBytes(line), envelope);

    public static (Outcome Outcome, JsonElement Event) Convert(byte[] line, EventEnvelope? envelope = null,
        LogSource? source = null, long lineNumber = 1, long offset = 0)
    {
        var (result, e) = Write(line, envelope, source, lineNumber, offset);
        return (OutcomeOf(result), e);
    }

    /// <summary>The writer's result and the event it wrote (default when blank).</summary>
    public static (LineResult Result, JsonElement Event) Write(byte[] line, EventEnvelope? envelope = null,
        LogSource? source = null, long lineNumber = 1, long offset = 0)
    {
        var writer = new ElbEventWriter(envelope ?? EventEnvelope.Default);
        var output = new ArrayBufferWriter<byte>();
        var result = writer.Write(line, new LinePosition(lineNumber, offset), source ?? LogSource.ForFile("test.log"), output);
        if (result.IsBlank)
        {
            Assert.Equal(0, output.WrittenCount);
            return (result, default);
        }

        using var document = JsonDocument.Parse(output.WrittenMemory);
        return (result, document.RootElement.Clone());
    }

    /// <summary>
    /// Asserts that the event's schema fields (all but the envelope) are exactly
    /// <paramref name="expected"/>, in that order, with the right JSON types: a string for a
    /// string, a number whose text is exactly the given one for a <see cref="Num"/>.
    /// </summary>
    public static void AssertFields(JsonElement e, params (string Name, object Value)[] expected)
    {
        var actual = e.EnumerateObject().Where(p => !EnvelopeNames.Contains(p.Name)).ToList();
        Assert.Equal(expected.Select(x => x.Name), actual.Select(p => p.Name));
        foreach (var ((name, value), property) in expected.Zip(actual))
        {
            switch (value)
            {
                case string s:
                    Assert.True(property.Value.ValueKind == JsonValueKind.String, $"{name} should be a string: {property.Value}");
                    Assert.Equal(s, property.Value.GetString());
                    break;
                case Num n:
                    Assert.True(property.Value.ValueKind == JsonValueKind.Number, $"{name} should be a number: {property.Value}");
                    Assert.Equal(n.Text, property.Value.GetRawText());
                    break;
                case string[] items:
                    Assert.Equal(items, property.Value.EnumerateArray().Select(x => x.GetString()));
                    break;
                default:
                    throw new ArgumentException($"unexpected expectation type for {name}");
            }
        }
    }

    /// <summary>Asserts that the event carries each of <paramref name="expected"/> (among others), as <see cref="AssertFields"/> compares them.</summary>
    public static void AssertSome(JsonElement e, (string Name, object Value)[] expected, string what)
    {
        foreach (var (name, value) in expected)
        {
            Assert.True(e.TryGetProperty(name, out var property), $"{what}: no {name}");
            switch (value)
            {
                case string s:
                    Assert.True(property.ValueKind == JsonValueKind.String && property.GetString() == s, $"{what}: {name} is {property}, not \"{s}\"");
                    break;
                case Num n:
                    Assert.True(property.ValueKind == JsonValueKind.Number && property.GetRawText() == n.Text, $"{what}: {name} is {property}, not the number {n.Text}");
                    break;
                default:
                    throw new ArgumentException($"unexpected expectation type for {name}");
            }
        }
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
