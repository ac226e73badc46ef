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

    public const string LogAccountsVariable = "LOG_ACCOUNTS";

    /// <summary>
    /// The accounts whose logs are read (LOG_ACCOUNTS, set by the stack from SourceAccountIds): in a bucket that other
    /// accounts write to as well (an organization's central bucket), an object under another account's
    /// <c>AWSLogs/&lt;account&gt;/</c> folder is skipped before any request. Empty: every account (local runs).
    /// </summary>
    public IReadOnlyList<string> LogAccounts { get; init; } = [];

    /// <summary>
    /// Why an object whose key lies in the folder of <paramref name="account"/> (null: in no account's folder) is not this
    /// function's to read; null when it is.
    /// </summary>
    public string? AccountSkip(string? account)
    {
        if (LogAccounts.Count == 0) return null;
        var listed = string.Join(", ", LogAccounts);
        return account switch
        {
            null => $"its key is under no AWSLogs/<account>/ folder, and {LogAccountsVariable} ({listed}) names the accounts read: skipped, nothing of it read",
            var id when LogAccounts.Contains(id, StringComparer.Ordinal) => null,
            var id => $"account {id} is not one of {LogAccountsVariable} ({listed}): skipped, nothing of it read",
        };
    }

    /// <summary>LOG_ACCOUNTS: AWS account ids (12 digits) separated by commas, or <c>*</c> alone for every account.</summary>
    public static IReadOnlyList<string> ParseLogAccounts(string? text) => text?.Trim() == "*" ? [] : ParseList(text, LogAccountsVariable,
        id => id.Length == 12 && id.All(char.IsAsciiDigit), "AWS account id (12 digits)", "account ids (or * alone, for every account)");

    /// <summary>LOG_BUCKETS: bucket names separated by commas, each a valid S3 bucket name.</summary>
    public static IReadOnlyList<string> ParseLogBuckets(string? text) => ParseList(text, LogBucketsVariable,
        name => name.Length is >= 3 and <= 63 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'),
        "S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)", "bucket names");

    private static IReadOnlyList<string> ParseList(string? text, string variable, Func<string, bool> isValid, string what, string plural)
    {
        if (text is null) return [];
        var items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var item in items)
            if (!isValid(item))
                throw new Failures.ConfigurationException(variable, $"'{item}' is no {what}; give {plural} separated by commas");
        return items;
    }
}
