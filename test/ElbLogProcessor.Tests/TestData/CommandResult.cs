using System.Text.Json;

namespace ElbLogProcessor.Tests;

/// <summary>What a command run in-process gave: exit code, NDJSON events, stderr and the summary line.</summary>
internal sealed record CommandResult(int ExitCode, List<JsonElement> Events, string Diagnostics, JsonElement Summary);
