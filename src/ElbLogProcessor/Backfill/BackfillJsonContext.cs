using System.Text.Json.Serialization;

namespace ElbLogProcessor.Backfill;

/// <summary>Source-generated JSON of the backfill's state lines, progress lines, reports, results and dry-run lines.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateEntry))]
[JsonSerializable(typeof(ProgressSnapshot))]
[JsonSerializable(typeof(BackfillReport))]
[JsonSerializable(typeof(ObjectResult))]
[JsonSerializable(typeof(DryRunLine))]
[JsonSerializable(typeof(DryRunSummary))]
internal sealed partial class BackfillJsonContext : JsonSerializerContext;

/// <summary>One object a dry run would send (stdout).</summary>
internal sealed record DryRunLine(string Key, long Size, long FromLine);

/// <summary>What a dry run would send in all (stderr).</summary>
internal sealed record DryRunSummary(string Message, int Objects, long Bytes, int AlreadyDone, int TestObjects);
