using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Configuration;

/// <summary>
/// Extra CA certificates to trust for Logstash's TLS (a private CA), parsed once at start so
/// that a file that is not PEM stops the start with a clear error instead of failing later.
/// </summary>
internal sealed class TrustedCaBundle
{
    private TrustedCaBundle(string source, X509Certificate2Collection certificates)
    {
        Source = source;
        Certificates = certificates;
    }

    /// <summary>Where the bundle came from, for messages (a path or a parameter name).</summary>
    public string Source { get; }

    public X509Certificate2Collection Certificates { get; }

    /// <summary>Parses PEM text holding one or more <c>CERTIFICATE</c> blocks.</summary>
    /// <param name="variable">The variable that named the bundle, for the error.</param>
    /// <param name="source">The file or parameter, for the error.</param>
    /// <param name="pem">The PEM text.</param>
    public static TrustedCaBundle FromPem(string variable, string source, string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new ConfigurationException(variable, $"'{source}' has a certificate block that cannot be read ({e.Message.TrimEnd('.')})", e);
        }

        if (certificates.Count == 0)
            throw new ConfigurationException(variable,
                $"'{source}' holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a DER file with 'openssl x509 -inform der -in ca.der -out ca.pem'");
        return new TrustedCaBundle(source, certificates);
    }

    public override string ToString() => $"{Certificates.Count} CA certificate(s) from {Source}";
}
