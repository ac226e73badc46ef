using System.Text.Json.Serialization;

namespace ElbLogProcessor.Invocation;

/// <summary>Source-generated (de)serialization of <see cref="ContinuationMessage"/>: no reflection at start-up.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContinuationMessage.Envelope))]
internal sealed partial class ContinuationJsonContext : JsonSerializerContext;
