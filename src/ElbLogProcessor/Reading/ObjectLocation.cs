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

    /// <summary>
    /// The account whose logs the key holds: the folder after <c>AWSLogs/</c>, as ELB writes it
    /// (<c>&lt;prefix&gt;AWSLogs/123456789012/...</c>) or as a Hive-compatible vended delivery does
    /// (<c>&lt;prefix&gt;AWSLogs/aws-account-id=123456789012/...</c>); null when the key has no such folder.
    /// </summary>
    public string? LogAccount
    {
        get
        {
            const string Logs = "AWSLogs/", Hive = "aws-account-id=";
            for (int at = Key.IndexOf(Logs, StringComparison.Ordinal); at >= 0; at = Key.IndexOf(Logs, at + 1, StringComparison.Ordinal))
            {
                if (at > 0 && Key[at - 1] != '/') continue;   // "MyAWSLogs/" is not the folder
                var folder = Key.AsSpan(at + Logs.Length);
                int end = folder.IndexOf('/');
                if (end < 0) return null;
                folder = folder[..end];
                if (folder.StartsWith(Hive, StringComparison.Ordinal)) folder = folder[Hive.Length..];
                return folder.Length == 12 && !folder.ContainsAnyExceptInRange('0', '9') ? folder.ToString() : null;
            }

            return null;
        }
    }

    public override string ToString() => $"s3://{Bucket}/{Key}";
}
