using System.Text.Json.Serialization;

namespace ElbLogProcessor.Hosting.Lambda;

/// <summary>Source-generated serialization of the Runtime API's bodies.</summary>
[JsonSerializable(typeof(LambdaError))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
