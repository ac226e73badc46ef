using System.Text.Json.Serialization;

namespace ElbLogProcessor.Invocation;

/// <summary>Source-generated (de)serialization of <see cref="HandOverMessage"/>: no reflection at start-up.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HandOverMessage.Envelope))]
internal sealed partial class HandOverJsonContext : JsonSerializerContext;
