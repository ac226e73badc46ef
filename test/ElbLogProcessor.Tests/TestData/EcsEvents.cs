using System.Globalization;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Events.Ecs;

namespace ElbLogProcessor.Tests;

/// <summary>ECS events of test lines and files, flattened to dotted leaf paths for comparison with the integration's documents.</summary>
internal static class EcsEvents
{
    /// <summary>The integration's enrichment (GeoIP, ASN, the parsed user agent): left to Logstash, never sent by the function.</summary>
    public static readonly string[] Enrichment = ["source.geo.", "source.as.", "user_agent.name", "user_agent.version", "user_agent.device.", "user_agent.os."];

    public static bool IsEnrichment(string path) => Enrichment.Any(e => path == e.TrimEnd('.') || path.StartsWith(e, StringComparison.Ordinal));

    /// <summary>Strict parsing: a key written twice (an object opened twice) is an error.</summary>
    public static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>The events of <paramref name="objects"/> read as S3 objects of <paramref name="bucket"/>, through the pipeline, NDJSON.</summary>
    public static async Task<string> OfObjects(string bucket, string? eTag, EcsOptions? options = null, EnvelopeOptions? envelope = null,
        params (string Key, string Path)[] objects)
    {
        var writer = new EcsEventWriter(options ?? new EcsOptions { Schema = EventSchemaKind.Ecs }, envelope ?? new EnvelopeOptions());
        return await PipelineEvents.OfObjects(writer, bucket, eTag, objects);
    }

    /// <summary>One line's ECS event, from a file of that name.</summary>
    public static JsonElement Of(string line, EcsOptions? options = null, LogSource? source = null, EnvelopeOptions? envelope = null)
    {
        var writer = new EcsEventWriter(options ?? new EcsOptions { Schema = EventSchemaKind.Ecs }, envelope ?? new EnvelopeOptions());
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var result = writer.Write(Encoding.UTF8.GetBytes(line), new Reading.LinePosition(1, 0), source ?? LogSource.ForFile("test.log"), output);
        Assert.False(result.IsBlank);
        using var document = JsonDocument.Parse(output.WrittenMemory, Strict);
        return document.RootElement.Clone();
    }

    public static IEnumerable<JsonElement> Parse(string ndjson) =>
        ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l, Strict).RootElement.Clone());

    /// <summary>Every leaf of <paramref name="e"/> by its dotted path (arrays are leaves).</summary>
    public static Dictionary<string, JsonElement> Flatten(JsonElement e)
    {
        var leaves = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        void Walk(JsonElement element, string prefix)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                leaves[prefix] = element;
                return;
            }

            foreach (var member in element.EnumerateObject()) Walk(member.Value, prefix.Length == 0 ? member.Name : $"{prefix}.{member.Name}");
        }

        Walk(e, "");
        return leaves;
    }

    /// <summary>Whether <paramref name="actual"/> is the integration's <paramref name="expected"/>: same JSON type, same value (numbers by value, times by instant).</summary>
    public static string? Difference(string path, JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != actual.ValueKind) return $"{path}: {actual.ValueKind} {actual}, the integration has {expected.ValueKind} {expected}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                return expected.GetDecimal() == actual.GetDecimal() ? null : $"{path}: {actual}, the integration has {expected}";
            case JsonValueKind.String when path is "@timestamp" or "event.end":
                // The pipeline's date processor keeps milliseconds; the function keeps the log's microseconds.
                var e = DateTimeOffset.Parse(expected.GetString()!, CultureInfo.InvariantCulture);
                var a = DateTimeOffset.Parse(actual.GetString()!, CultureInfo.InvariantCulture);
                return e == a.AddTicks(-(a.Ticks % TimeSpan.TicksPerMillisecond)) ? null : $"{path}: {actual}, the integration has {expected}";
            case JsonValueKind.Array:
                var expectedItems = expected.EnumerateArray().ToList();
                var actualItems = actual.EnumerateArray().ToList();
                if (expectedItems.Count != actualItems.Count) return $"{path}: {actual}, the integration has {expected}";
                return expectedItems.Zip(actualItems).Select((p, i) => Difference($"{path}[{i}]", p.First, p.Second)).FirstOrDefault(d => d is not null);
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: {actual}, the integration has {expected}";
        }
    }
}
