using System.Text.Json.Serialization;

namespace ElbLogProcessor.Replay;

/// <summary>Source-generated JSON of the replay report.</summary>
[JsonSerializable(typeof(ReplayReport))]
internal sealed partial class ReplayJsonContext : JsonSerializerContext;
