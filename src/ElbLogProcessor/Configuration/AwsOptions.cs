namespace ElbLogProcessor.Configuration;

/// <summary>Where the AWS clients connect. Region and credentials come from the SDK's usual chain.</summary>
internal sealed record AwsOptions
{
    public const string S3EndpointVariable = "AWS_ENDPOINT_URL_S3";
    public const string SqsEndpointVariable = "AWS_ENDPOINT_URL_SQS";

    /// <summary>An S3-compatible endpoint (AWS_ENDPOINT_URL_S3), addressed path-style: tests and local runs.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>An SQS-compatible endpoint (AWS_ENDPOINT_URL_SQS): tests and local runs.</summary>
    public Uri? SqsEndpoint { get; init; }

    public const string LogBucketsVariable = "LOG_BUCKETS";

    /// <summary>
    /// The buckets objects may be read from (LOG_BUCKETS, set by the stack): an object of any other bucket, named by any event,
    /// continuation, backfill or replay, is refused before any request. Empty: any bucket (local runs).
    /// </summary>
    public IReadOnlyList<string> LogBuckets { get; init; } = [];

    /// <summary>Why <paramref name="bucket"/> may not be read; null when it may.</summary>
    public string? BucketRefusal(string bucket) => LogBuckets.Count == 0 || LogBuckets.Contains(bucket, StringComparer.Ordinal)
        ? null
        : $"bucket '{bucket}' is not one of {LogBucketsVariable} ({string.Join(", ", LogBuckets)}): refused, nothing of it read";

    /// <summary>LOG_BUCKETS: bucket names separated by commas, each a valid S3 bucket name.</summary>
    public static IReadOnlyList<string> ParseLogBuckets(string? text)
    {
        if (text is null) return [];
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in names)
            if (name.Length is < 3 or > 63 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
                throw new Failures.ConfigurationException(LogBucketsVariable,
                    $"'{name}' is no S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens); give bucket names separated by commas");
        return names;
    }
}
