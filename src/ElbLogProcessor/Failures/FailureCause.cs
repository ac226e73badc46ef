using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Amazon.Runtime;

namespace ElbLogProcessor.Failures;

/// <summary>
/// Failures a person can act on, in a few words: an endpoint that refuses or does not resolve, TLS, a
/// timeout, a service's refusal (access denied, no such bucket or queue, throttled after the SDK's
/// retries, bad credentials), a file. Everything else is a defect of this program, and the hosts show it
/// with its stack trace and a request to report it. The callers add what was being done and where
/// (<see cref="Where"/>), so that the line names the service, the endpoint or resource, and the cause.
/// </summary>
internal static class FailureCause
{
    /// <summary>The error codes AWS answers for credentials that are wrong, expired or for another Region.</summary>
    private static readonly HashSet<string> CredentialCodes = new(StringComparer.Ordinal)
    {
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
        "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature", "AuthFailure", "InvalidToken",
        "AuthorizationHeaderMalformed", "PermanentRedirect", "InvalidSecurity",
    };

    /// <summary>The error codes of a throttled request (after the SDK's own retries).</summary>
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException",
    };

    /// <summary>
    /// The cause of <paramref name="failure"/> in words, when a person can act on it; null when it is a defect.
    /// </summary>
    /// <param name="failure">What was thrown.</param>
    /// <param name="withEndpoint">Add the <c>(host:port)</c> an HTTP failure names (leave it out when the caller names the URL).</param>
    public static string? Of(Exception failure, bool withEndpoint = true)
    {
        switch (failure)
        {
            case ConfigurationException configuration:
                return configuration.Message;
            case AmazonServiceException { StatusCode: 0, InnerException: { } inner } when Of(inner, withEndpoint) is { } innerCause:
                return innerCause;   // no answer at all: the transport's failure is the cause
            case AmazonServiceException service:
                return ServiceCause(service);
            case HttpRequestException http:
                return HttpCause(http, withEndpoint);
            case AuthenticationException tls:
                return $"TLS: {FirstLine(tls.Message)}";
            case SocketException socket:
                return SocketCause(socket.SocketErrorCode, socket.Message);
            case TimeoutException or TaskCanceledException { InnerException: TimeoutException }:
                return "no answer in time";
            case IOException or UnauthorizedAccessException:
                return FirstLine(failure.Message);
            case AmazonClientException client when client.InnerException is { } inner && Of(inner, withEndpoint) is { } innerCause:
                return innerCause;
            case AmazonClientException client:
                return FirstLine(client.Message);
            default:
                return null;
        }
    }

    /// <summary>
    /// The failure is one of the configuration or the environment (exit code 2): a setting, or credentials
    /// that AWS refuses as such (unknown key, bad signature, expired token, another Region).
    /// </summary>
    public static bool IsConfiguration(Exception failure) => failure switch
    {
        ConfigurationException => true,
        AmazonServiceException { ErrorCode: { } code } when CredentialCodes.Contains(code) => true,
        AmazonClientException { InnerException: null } client => client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) ||
                                                                 client.Message.Contains("RegionEndpoint", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary><c>S3 at http://127.0.0.1:4568/</c> when an endpoint is configured, else <c>S3 in eu-west-1</c>.</summary>
    public static string Where(string service, IClientConfig config) =>
        config.ServiceURL is { Length: > 0 } url ? $"{service} at {url}" :
        config.RegionEndpoint is { } region ? $"{service} in {region.SystemName}" : service;

    private static string ServiceCause(AmazonServiceException e)
    {
        string code = e.ErrorCode ?? "";
        string said = string.IsNullOrWhiteSpace(e.Message) || e.Message == code ? code : $"{code}: {FirstLine(e.Message)}";
        if (said.Length == 0) said = $"HTTP {(int)e.StatusCode}";
        return code switch
        {
            "NoSuchBucket" => $"the bucket does not exist ({said})",
            "NoSuchKey" => $"the object does not exist ({said})",
            "AWS.SimpleQueueService.NonExistentQueue" or "QueueDoesNotExist" => $"the queue does not exist ({said})",
            "InvalidAddress" or "InvalidParameterValue" when e.Message.Contains("queue", StringComparison.OrdinalIgnoreCase) =>
                $"not a queue URL SQS accepts ({said})",
            "AuthorizationHeaderMalformed" or "PermanentRedirect" =>
                $"the bucket is in another Region than AWS_REGION; set AWS_REGION to the bucket's Region ({said})",
            _ when CredentialCodes.Contains(code) => $"AWS refused the credentials; check AWS_ACCESS_KEY_ID, AWS_PROFILE or the role ({said})",
            _ when ThrottlingCodes.Contains(code) || e.StatusCode == HttpStatusCode.TooManyRequests =>
                $"throttled, after the SDK's retries; try again later or with less parallelism ({said})",
            _ when e.StatusCode == HttpStatusCode.Forbidden || code.StartsWith("AccessDenied", StringComparison.Ordinal) ||
                   code is "AuthorizationError" or "KMS.AccessDeniedException" =>
                $"access denied; the credentials need permission for it ({said})",
            _ when e.StatusCode >= HttpStatusCode.InternalServerError => $"the service failed, after the SDK's retries (HTTP {(int)e.StatusCode} {said})",
            _ => said,
        };
    }

    private static string HttpCause(HttpRequestException e, bool withEndpoint)
    {
        // SocketsHttpHandler ends its messages with the endpoint it tried: "Connection refused (127.0.0.1:1)".
        string endpoint = withEndpoint && EndpointOf(e.Message) is { } named ? $" ({named})" : "";
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"the host name does not resolve{endpoint}",
            HttpRequestError.SecureConnectionError when e.InnerException is AuthenticationException tls =>
                $"TLS: {FirstLine(tls.Message)}{endpoint}",
            HttpRequestError.ConnectionError when e.InnerException is SocketException socket =>
                SocketCause(socket.SocketErrorCode, socket.Message) + endpoint,
            HttpRequestError.ResponseEnded => $"the connection was closed before an answer{endpoint}",
            HttpRequestError.ProxyTunnelError => $"the proxy refused the tunnel{endpoint}",
            _ when e.InnerException is SocketException socket => SocketCause(socket.SocketErrorCode, socket.Message) + endpoint,
            _ when e.InnerException is IOException io => $"the connection broke: {FirstLine(io.Message)}{endpoint}",
            _ => FirstLine(StripEndpoint(e.Message)) + endpoint,
        };
    }

    private static string SocketCause(SocketError error, string message) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "the host name does not resolve",
        SocketError.TimedOut => "the connection timed out",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => "the network or host is unreachable",
        SocketError.ConnectionReset => "the connection was reset",
        _ => FirstLine(message).TrimEnd('.'),
    };

    private static string? EndpointOf(string message)
    {
        if (!message.EndsWith(')')) return null;
        int open = message.LastIndexOf(" (", StringComparison.Ordinal);
        return open < 0 ? null : message[(open + 2)..^1];
    }

    private static string StripEndpoint(string message) =>
        EndpointOf(message) is { } endpoint ? message[..^(endpoint.Length + 3)] : message;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
