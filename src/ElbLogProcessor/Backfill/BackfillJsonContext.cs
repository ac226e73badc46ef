using System.Text.Json.Serialization;

namespace ElbLogProcessor.Backfill;

/// <summary>Source-generated JSON of the backfill's state lines and progress lines.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateEntry))]
[JsonSerializable(typeof(ProgressSnapshot))]
[JsonSerializable(typeof(BackfillReport))]
internal sealed partial class BackfillJsonContext : JsonSerializerContext;
