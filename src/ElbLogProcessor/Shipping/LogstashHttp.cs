using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// The one pooled <see cref="HttpClient"/> for Logstash: created once per process and reused
/// by every run (and every Lambda invocation), so connections are kept alive.
/// </summary>
public static class LogstashHttp
{
    /// <summary>Pooled connections are replaced after this long, so DNS changes are seen.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(2);

    public static HttpClient CreateClient(LogstashOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = ConnectionLifetime,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
            MaxConnectionsPerServer = Math.Max(1, options.Senders),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, options.RequestTimeout.TotalSeconds)),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };

        if (options.CaBundlePath is { } bundle)
        {
            var extraRoots = new X509Certificate2Collection();
            extraRoots.ImportFromPemFile(bundle);
            if (extraRoots.Count == 0)
                throw new InvalidOperationException($"the CA bundle '{bundle}' holds no certificate");
            handler.SslOptions.RemoteCertificateValidationCallback =
                (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors, extraRoots);
        }

        // Each attempt's limit is the resilience pipeline's; the client must not cut it shorter.
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Trusted when the system trusts it, or when the only problem is the chain and it builds to
    /// one of the extra roots. A name mismatch is never accepted.
    /// </summary>
    internal static bool IsTrusted(System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        X509Chain? chain, SslPolicyErrors errors, X509Certificate2Collection extraRoots)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        if (certificate is X509Certificate2 leaf) return custom.Build(leaf);
        using var copy = new X509Certificate2(certificate);
        return custom.Build(copy);
    }
}
