using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ElbLogProcessor.Configuration;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// Validates Logstash's TLS certificate: trusted when the system trusts it, or when the only
/// problem is the chain and it builds to one of the extra CAs (<see cref="TrustedCaBundle"/>).
/// A name mismatch or an expired certificate is never accepted. A refusal is remembered with
/// its reason, because the exception TLS raises says only "invalid according to the validation procedure".
/// </summary>
internal sealed class ServerCertificateCheck(TrustedCaBundle? extraCas, string host, TimeProvider time)
{
    private volatile string? _lastRefusal;

    /// <summary>Why the last certificate was refused, in words a person can act on.</summary>
    public string? LastRefusal => _lastRefusal;

    /// <summary>The <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> (its sender is not the request: the host of <c>LOGSTASH_URL</c> names the server).</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return Refuse("the server sent no certificate");

        using var copy = certificate is X509Certificate2 ? null : new X509Certificate2(certificate);
        var leaf = copy ?? (X509Certificate2)certificate;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return Refuse($"the certificate is for {Names(leaf)}, not for {host}");

        // Only chain errors remain: build the chain again, against the extra CAs when there are
        // any (then that decides), else as the system did (then it says why).
        using var rebuilt = new X509Chain();
        rebuilt.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        rebuilt.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        if (extraCas is not null)
        {
            rebuilt.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            rebuilt.ChainPolicy.CustomTrustStore.AddRange(extraCas.Certificates);
        }

        if (chain is not null)
            foreach (var element in chain.ChainElements) rebuilt.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (rebuilt.Build(leaf) && extraCas is not null) return true;

        var status = rebuilt.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var now = time.GetUtcNow().UtcDateTime;
        if (leaf.NotAfter.ToUniversalTime() < now) return Refuse($"the certificate expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
        if (leaf.NotBefore.ToUniversalTime() > now) return Refuse($"the certificate is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
        if (status.HasFlag(X509ChainStatusFlags.NotTimeValid)) return Refuse("a certificate of its chain has expired or is not yet valid");
        if (status.HasFlag(X509ChainStatusFlags.Revoked)) return Refuse("the certificate is revoked");
        return Refuse($"the certificate's issuer '{leaf.Issuer}' is not trusted" + (extraCas is null
            ? $" (for a private CA, set {LogstashOptions.CaBundleVariable} to its PEM)"
            : $" by the system nor by {extraCas.Source}"));
    }

    private bool Refuse(string reason)
    {
        _lastRefusal = reason;
        return false;
    }

    private static string Names(X509Certificate2 certificate)
    {
        var dns = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
        var alternative = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        var names = alternative is null
            ? []
            : alternative.EnumerateDnsNames().Concat(alternative.EnumerateIPAddresses().Select(ip => ip.ToString())).ToList();
        return names.Count > 0 ? string.Join(", ", names) : string.IsNullOrEmpty(dns) ? certificate.Subject : dns;
    }
}
