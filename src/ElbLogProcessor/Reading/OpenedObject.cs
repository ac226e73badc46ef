namespace ElbLogProcessor.Reading;

/// <summary>An object opened for reading, with the ETag of the version being read (when known).</summary>
internal sealed record OpenedObject(Stream Content, string? ETag);
