namespace ElbLogProcessor.Reading;

/// <summary>An object opened for reading, with the ETag of the version being read and its size in bytes (when known).</summary>
internal sealed record OpenedObject(Stream Content, string? ETag, long? Length = null);
