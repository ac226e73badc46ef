using System.Security.Cryptography.X509Certificates;

namespace ElbLogProcessor.Tests;

/// <summary>TLS to a Logstash whose certificate comes from a private CA, and refusals that say why.</summary>
[Trait("Category", Category.Integration)]
public sealed class TlsShippingTests : IDisposable
{
    private readonly TempFolder _folder = new("elb-tls-");
    private readonly X509Certificate2 _ca = TestCertificates.CreateCa();
    private readonly string _caBundle;

    public TlsShippingTests() => _caBundle = _folder.Write("ca.pem", System.Text.Encoding.ASCII.GetBytes(_ca.ExportCertificatePem()));

    public void Dispose()
    {
        _ca.Dispose();
        _folder.Dispose();
    }

    private async Task<(CommandResult Result, LogstashContractServer Server)> Ship(X509Certificate2 serverCertificate, bool withBundle)
    {
        var server = await LogstashContractServer.StartAsync(serverCertificate);
        var variables = new Variables(("LOGSTASH_URL", server.Url.ToString()), ("LOGSTASH_RETRY_BASE_DELAY_MS", "10"));
        if (withBundle) variables = variables.With(("LOGSTASH_CA_BUNDLE", _caBundle));
        var log = LogLines.WriteLog(_folder.Path, 50);
        return (await CommandRunner.Run(variables, "process", log), server);
    }

    private X509Certificate2 Server(DateTimeOffset? notAfter = null, string? dnsName = null) =>
        TestCertificates.CreateServer(_ca, DateTimeOffset.UtcNow.AddDays(-10), notAfter ?? DateTimeOffset.UtcNow.AddHours(12), dnsName);

    [Fact]
    public async Task The_extra_ca_bundle_makes_the_private_certificate_trusted()
    {
        var (result, server) = await Ship(Server(), withBundle: true);
        await using var _ = server;
        Assert.StartsWith("https://", server.Url.ToString());
        Assert.True(result.ExitCode == 0, result.Diagnostics);
        Assert.Equal(50, server.EventIds.Count);
    }

    [Fact]
    public async Task Without_the_bundle_the_issuer_is_named_as_untrusted_and_nothing_is_retried()
    {
        var (result, server) = await Ship(Server(), withBundle: false);
        await using var _ = server;
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(0, server.EventsReceived);
        Assert.Equal(50, result.Summary.GetProperty("EventsFailed").GetInt64());
        Assert.Equal(0, result.Summary.GetProperty("Retries").GetInt64());
        Assert.Contains("TLS: the certificate's issuer 'CN=ElbLogProcessor Test CA' is not trusted (for a private CA, set LOGSTASH_CA_BUNDLE to its PEM)",
            result.Diagnostics);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_saying_it_expired()
    {
        var expiry = DateTimeOffset.UtcNow.AddDays(-1);
        var (result, server) = await Ship(Server(notAfter: expiry), withBundle: true);
        await using var _ = server;
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(0, server.EventsReceived);
        Assert.Contains($"TLS: the certificate expired on {expiry.UtcDateTime:yyyy-MM-dd HH:mm} UTC", result.Diagnostics);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_naming_both()
    {
        var (result, server) = await Ship(Server(dnsName: "logstash.other.example"), withBundle: true);
        await using var _ = server;
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(0, server.EventsReceived);
        Assert.Contains("TLS: the certificate is for logstash.other.example, not for 127.0.0.1", result.Diagnostics);
    }
}
