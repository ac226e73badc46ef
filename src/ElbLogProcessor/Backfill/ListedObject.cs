namespace ElbLogProcessor.Backfill;

/// <summary>An object as the bucket listing shows it.</summary>
internal sealed record ListedObject(string Key, long Size, string ETag);
