namespace ElbLogProcessor.Backfill;

/// <summary>A bucket and a key prefix, as <c>s3://bucket/prefix</c>.</summary>
internal sealed record S3Location(string Bucket, string Prefix)
{
    /// <summary>Reads <c>s3://bucket[/prefix]</c>; null when <paramref name="text"/> is not one.</summary>
    public static S3Location? Parse(string text)
    {
        if (!text.StartsWith("s3://", StringComparison.Ordinal)) return null;
        var rest = text["s3://".Length..];
        int slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length < 3) return null;
        return new S3Location(bucket, slash < 0 ? "" : rest[(slash + 1)..]);
    }

    public override string ToString() => $"s3://{Bucket}/{Prefix}";
}
