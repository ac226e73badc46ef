using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// The AWS Region and credentials, found once at start with the SDK's usual chains
/// (environment, profile, container or instance role), and the clients made with them. What
/// is missing is a <see cref="ConfigurationException"/> saying what to set, not a stack trace
/// at the first request.
/// </summary>
internal sealed class AwsEnvironment
{
    /// <summary>An SSM read at start must fit Lambda's 10-second init phase, retries included.</summary>
    private static readonly TimeSpan SsmTimeout = TimeSpan.FromSeconds(3);

    private readonly RegionEndpoint? _region;
    private readonly AWSCredentials _credentials;

    private AwsEnvironment(RegionEndpoint? region, AWSCredentials credentials)
    {
        _region = region;
        _credentials = credentials;
    }

    /// <param name="getVariable">The environment: AWS_REGION (or AWS_DEFAULT_REGION) first, then the SDK's chain (profile, instance).</param>
    /// <param name="needsRegion">A client will talk to an AWS endpoint that no endpoint variable replaces.</param>
    /// <param name="credentials">Credentials given by the caller (tests), instead of the SDK's chain.</param>
    /// <param name="credentialChain">The SDK's credential chain (tests replace it).</param>
    public static AwsEnvironment Find(Func<string, string?> getVariable, bool needsRegion, AWSCredentials? credentials,
        Func<AWSCredentials>? credentialChain = null)
    {
        var named = getVariable("AWS_REGION") is { Length: > 0 } r ? r : getVariable("AWS_DEFAULT_REGION");
        var region = string.IsNullOrWhiteSpace(named) ? FallbackRegionFactory.GetRegionEndpoint() : RegionEndpoint.GetBySystemName(named.Trim());
        if (needsRegion && region is null)
            throw new ConfigurationException("AWS_REGION",
                "no AWS Region is set; set AWS_REGION (or a region in the AWS profile) to the Region of the log bucket");
        if (credentials is null && getVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } keyId &&
            getVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } secret)
        {
            credentials = getVariable("AWS_SESSION_TOKEN") is { Length: > 0 } token
                ? new SessionAWSCredentials(keyId, secret, token)
                : new BasicAWSCredentials(keyId, secret);
        }

        if (credentials is null)
        {
            try
            {
                credentials = (credentialChain ?? (() => new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null)))();
            }
            catch (AmazonClientException e)
            {
                throw new ConfigurationException("AWS credentials",
                    "none were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role provides them", e);
            }
        }

        return new AwsEnvironment(region, credentials);
    }

    public IAmazonS3 CreateS3(AwsOptions options)
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: S3-compatible servers do not all send them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (_region is not null) config.RegionEndpoint = _region;
        if (options.S3Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
        }

        return new AmazonS3Client(_credentials, config);
    }

    public IAmazonSQS CreateSqs(AwsOptions options)
    {
        var config = new AmazonSQSConfig();
        if (_region is not null) config.RegionEndpoint = _region;
        if (options.SqsEndpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = _region?.SystemName ?? "us-east-1";
        }

        return new AmazonSQSClient(_credentials, config);
    }

    public IAmazonSimpleSystemsManagement CreateSsm() => new AmazonSimpleSystemsManagementClient(_credentials,
        new AmazonSimpleSystemsManagementConfig { RegionEndpoint = _region, Timeout = SsmTimeout, MaxErrorRetry = 1 });
}
