using ElbLogProcessor.Events;

namespace ElbLogProcessor.Pipeline;

/// <summary>A source opened for reading: its raw bytes, what its events name as their source, and its version.</summary>
internal sealed record OpenedSource(Stream Raw, LogSource Source, string? ETag = null);
