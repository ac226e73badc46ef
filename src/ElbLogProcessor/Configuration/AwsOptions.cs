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
}
