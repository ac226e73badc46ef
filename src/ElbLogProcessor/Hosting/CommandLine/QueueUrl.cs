namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>An SQS queue URL as a command takes it: checked before anything is called, so a typo is a usage error, not a service's.</summary>
internal static class QueueUrl
{
    /// <summary>What is wrong with <paramref name="text"/> as a queue URL, or null when it is one.</summary>
    public static string? Problem(string text)
    {
        bool isUrl = Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
        return isUrl && url!.AbsolutePath.Trim('/').Split('/') is [{ Length: > 0 }, { Length: > 0 }] && url.Query.Length == 0
            ? null
            : $"'{text}' is not an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/QUEUE, as the stack's outputs give it)";
    }
}
