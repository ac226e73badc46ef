namespace ElbLogProcessor.Reading;

/// <summary>Where an object is: its bucket and key, and which version of it is meant (when known).</summary>
/// <param name="Bucket">Bucket name.</param>
/// <param name="Key">Object key, URL-decoded.</param>
/// <param name="ETag">The object's ETag (without quotes) when known: every range read of it must match it.</param>
/// <param name="VersionId">The object's version in a versioned bucket.</param>
internal sealed record ObjectLocation(string Bucket, string Key, string? ETag = null, string? VersionId = null)
{
    /// <summary>The objects ELB writes when access, connection or health check logging is enabled: not logs.</summary>
    public static readonly IReadOnlyList<string> TestFileNames = ["ELBAccessLogTestFile", "ELBConnectionLogTestFile", "ELBHealthCheckLogTestFile"];

    /// <summary>The object is one of <see cref="TestFileNames"/> (its file name, after the last slash).</summary>
    public bool IsElbTestFile => TestFileNames.Contains(Key[(Key.LastIndexOf('/') + 1)..]);

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
