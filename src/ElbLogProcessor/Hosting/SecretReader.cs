using System.Net;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// Reads what the options name by reference in SSM (the Logstash password in a SecureString,
/// the PEM of a private CA) once at start. Any failure, a missing or denied parameter as much as an
/// unreachable SSM endpoint, is a <see cref="ConfigurationException"/> naming the variable and
/// the likely fix.
/// </summary>
internal static class SecretReader
{
    public static async Task<LogstashOptions> ResolveAsync(LogstashOptions options, IAmazonSimpleSystemsManagement ssm,
        CancellationToken cancellationToken)
    {
        if (options.PasswordParameter is { } name)
        {
            var value = await ReadParameterAsync(ssm, name, LogstashOptions.PasswordParameterVariable, cancellationToken).ConfigureAwait(false);
            options = options with { Password = new Secret(value), PasswordParameter = null };
        }

        if (options.CaBundleParameter is { } caName)
        {
            var pem = await ReadParameterAsync(ssm, caName, LogstashOptions.CaBundleParameterVariable, cancellationToken).ConfigureAwait(false);
            options = options with
            {
                TrustedCas = TrustedCaBundle.FromPem(LogstashOptions.CaBundleParameterVariable, $"SSM parameter {caName}", pem),
                CaBundleParameter = null,
            };
        }

        return options;
    }

    /// <summary>The options name something to read from SSM.</summary>
    public static bool HasReferences(LogstashOptions? options) => options is { PasswordParameter: not null } or { CaBundleParameter: not null };

    /// <summary>The decrypted value of SSM parameter <paramref name="name"/>.</summary>
    public static async Task<string> ReadParameterAsync(IAmazonSimpleSystemsManagement ssm, string name, string variable,
        CancellationToken cancellationToken)
    {
        try
        {
            var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken)
                .ConfigureAwait(false);
            return response.Parameter.Value;
        }
        catch (ParameterNotFoundException e)
        {
            throw new ConfigurationException(variable, $"the SSM parameter '{name}' does not exist in this account and Region", e);
        }
        catch (AmazonServiceException e) when (e.StatusCode is HttpStatusCode.Forbidden || e.ErrorCode is "AccessDeniedException")
        {
            throw new ConfigurationException(variable,
                $"reading the SSM parameter '{name}' was denied: the role needs ssm:GetParameter on it (and kms:Decrypt on its key)", e);
        }
        catch (AmazonServiceException e)
        {
            throw new ConfigurationException(variable, $"SSM refused to read '{name}': {e.ErrorCode} {e.Message}", e);
        }
        catch (Exception e) when (FailureCause.Of(e) is not null ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            string cause = FailureCause.Of(e) ?? e.Message.Split('\n')[0].TrimEnd('.');
            throw new ConfigurationException(variable,
                $"SSM could not be reached to read '{name}' ({cause}); " +
                "in a VPC the function needs HTTPS to SSM (an interface endpoint or a NAT gateway)", e);
        }
    }
}
