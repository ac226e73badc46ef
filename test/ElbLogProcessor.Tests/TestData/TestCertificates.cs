using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ElbLogProcessor.Tests;

/// <summary>Certificates made on the spot: a private CA and server certificates it signs (valid, expired, for another name).</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ElbLogProcessor Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
    }

    public static string SelfSignedCaPem()
    {
        using var ca = CreateCa();
        return ca.ExportCertificatePem();
    }

    public static byte[] SelfSignedCaDer()
    {
        using var ca = CreateCa();
        return ca.Export(X509ContentType.Cert);
    }

    /// <summary>A server certificate signed by <paramref name="ca"/> for 127.0.0.1 (or <paramref name="dnsName"/>), valid in the given window.</summary>
    public static X509Certificate2 CreateServer(X509Certificate2 ca, DateTimeOffset notBefore, DateTimeOffset notAfter, string? dnsName = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName ?? "127.0.0.1"}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (dnsName is null) names.AddIpAddress(IPAddress.Loopback);
        else names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(key);
        // Kestrel wants a certificate whose key it can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
