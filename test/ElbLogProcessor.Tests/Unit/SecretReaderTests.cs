using System.Net;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Hosting;
using Moq;

namespace ElbLogProcessor.Tests;

/// <summary>The Logstash password from an SSM SecureString, read once at start; every failure is one line naming the variable.</summary>
[Trait("Category", Category.Unit)]
public class SecretReaderTests
{
    private static readonly Variables WithParameter = new(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_USERNAME", "elk"),
        ("LOGSTASH_PASSWORD_PARAMETER", "/elb/logstash-password"));

    private static Mock<IAmazonSimpleSystemsManagement> Ssm(Func<GetParameterRequest, Task<GetParameterResponse>> answer)
    {
        var ssm = new Mock<IAmazonSimpleSystemsManagement>();
        ssm.Setup(s => s.GetParameterAsync(It.IsAny<GetParameterRequest>(), It.IsAny<CancellationToken>()))
            .Returns<GetParameterRequest, CancellationToken>((request, _) => answer(request));
        return ssm;
    }

    private static Task<FunctionStart> Start(Func<string, string?> variables, IAmazonSimpleSystemsManagement ssm) =>
        FunctionStart.LoadAsync(new HostSetup { GetVariable = variables, Log = TextWriter.Null, Ssm = ssm }, AwsCalls.None, CancellationToken.None);

    [Fact]
    public async Task The_password_comes_from_the_ssm_parameter_decrypted()
    {
        var ssm = Ssm(request => Task.FromResult(new GetParameterResponse
        {
            Parameter = new Parameter { Value = request is { Name: "/elb/logstash-password", WithDecryption: true } ? "from-ssm" : "wrong" },
        }));
        var services = await Start(WithParameter, ssm.Object);
        Assert.Equal(("elk", "from-ssm"), (services.Options.Logstash!.Username, services.Options.Logstash.Password!.Reveal()));
    }

    [Fact]
    public async Task Ssm_is_not_asked_when_no_parameter_is_named()
    {
        var ssm = Ssm(_ => throw new InvalidOperationException("SSM must not be called"));
        var services = await Start(new Variables(("LOGSTASH_URL", "http://127.0.0.1/")), ssm.Object);
        Assert.Null(services.Options.Logstash!.Password);
        ssm.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_private_ca_comes_from_its_ssm_parameter()
    {
        var pem = TestCertificates.SelfSignedCaPem();
        var ssm = Ssm(request => Task.FromResult(new GetParameterResponse { Parameter = new Parameter { Value = request.Name == "/elb/logstash-ca" ? pem : "" } }));
        var services = await Start(new Variables(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_CA_BUNDLE_PARAMETER", "/elb/logstash-ca")), ssm.Object);
        var bundle = services.Options.Logstash!.TrustedCas!;
        Assert.Single(bundle.Certificates);
        Assert.Equal("SSM parameter /elb/logstash-ca", bundle.Source);
    }

    [Fact]
    public async Task A_ca_parameter_that_holds_no_pem_is_refused_at_start()
    {
        var ssm = Ssm(_ => Task.FromResult(new GetParameterResponse { Parameter = new Parameter { Value = "not a certificate" } }));
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            Start(new Variables(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_CA_BUNDLE_PARAMETER", "/elb/logstash-ca")), ssm.Object));
        Assert.Equal("LOGSTASH_CA_BUNDLE_PARAMETER: 'SSM parameter /elb/logstash-ca' holds no PEM certificate (-----BEGIN CERTIFICATE-----); " +
                     "convert a DER file with 'openssl x509 -inform der -in ca.der -out ca.pem'", error.Message);
    }

    public static TheoryData<Exception, string> Failures => new()
    {
        { new ParameterNotFoundException("not found"), "the SSM parameter '/elb/logstash-password' does not exist in this account and Region" },
        {
            new AmazonSimpleSystemsManagementException("User is not authorized") { StatusCode = HttpStatusCode.BadRequest, ErrorCode = "AccessDeniedException" },
            "reading the SSM parameter '/elb/logstash-password' was denied: the role needs ssm:GetParameter on it (and kms:Decrypt on its key)"
        },
        { new HttpRequestException("Connection timed out (ssm.eu-west-1.amazonaws.com:443)"), "SSM could not be reached to read '/elb/logstash-password'" },
        { new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 3 seconds elapsing."), "SSM could not be reached" },
        { new AmazonClientException("Unable to get IAM security credentials"), "in a VPC the function needs HTTPS to SSM" },
        {
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused),
            "SSM could not be reached to read '/elb/logstash-password' (connection refused); in a VPC"
        },
        { new TimeoutException("The operation has timed out."), "SSM could not be reached to read '/elb/logstash-password' (no answer in time)" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_parameter_that_cannot_be_read_is_a_configuration_error_naming_it(Exception failure, string message)
    {
        var ssm = Ssm(_ => throw failure);
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => Start(WithParameter, ssm.Object));
        Assert.Equal("LOGSTASH_PASSWORD_PARAMETER", error.Variable);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
