using System.Text;
using System.Text.Json;
using static ElbLogProcessor.Tests.EventAssertions;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Real lines from the Filebeat aws/elb module's tests (PeerCases/): every non-blank line
/// becomes exactly one event of the right type, none a parse failure, with schema values.
/// </summary>
[Trait("Category", Category.Unit)]
public class PeerCaseTests
{
    private static string PeerCase(string name) => Path.Combine(AppContext.BaseDirectory, "PeerCases", name);

    public static TheoryData<string, Outcome> Files => new()
    {
        { "elb-http.log", Outcome.Classic },
        { "elb-tcp.log", Outcome.Classic },
        { "example-http.log", Outcome.Classic },
        { "example-tcp.log", Outcome.Classic },
        { "example-ssl.log", Outcome.Classic },
        { "application-lb-http.log", Outcome.Application },
        { "example-alb-http.log", Outcome.Application },
        { "example-nlb-tcp.log", Outcome.Network },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_line_becomes_one_event_of_its_type(string file, Outcome expected)
    {
        var lines = File.ReadAllLines(PeerCase(file)).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var (outcome, e) = Convert(line);
            Assert.True(expected == outcome, $"{file}: {outcome} for {line}");
            Assert.False(e.TryGetProperty("tags", out _));
            Assert.False(e.TryGetProperty("ExtraFields", out _), $"{file}: unexpected extra fields for {line}");
            foreach (var property in e.EnumerateObject())
                Assert.False(property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == "-",
                    $"{file}: {property.Name} sent as '-'");
        }
    }

    private static JsonElement Line(string file, int number) =>
        Convert(File.ReadAllLines(PeerCase(file))[number - 1]).Event;

    [Fact]
    public void Alb_line_ending_at_error_reason_with_minus_one_timings()
    {
        var e = Line("application-lb-http.log", 1);
        foreach (var absent in new[] { "TimeToForwardRequest", "TimeTaken", "TimeToForwardResponse", "BackendStatus", "ErrorReason", "TargetPortList" })
            Assert.False(e.TryGetProperty(absent, out _), absent);
        Assert.Equal("460", e.Str("Status"));
        Assert.Equal("10.0.0.192:80", e.Str("InternalIpAndPort"));
        Assert.Equal(125, e.GetProperty("BytesUploadedFromClient").GetInt64());
        Assert.Equal("forward", e.Str("ActionsExecuted"));
        Assert.Equal("2019-10-11T15:01:06.657000Z", e.Str("RequestCreationTime"));
    }

    [Fact]
    public void Quoted_field_followed_directly_by_the_next_value()
    {
        // ... "-" "-"1 2018-07-02T22:22:48.364000Z "forward" ...
        var e = Line("example-alb-http.log", 5);
        Assert.Equal("wss", e.Str("RequestType"));
        Assert.Equal("1", e.Str("MatchedRulePriority"));
        Assert.Equal("2018-07-02T22:22:48.364000Z", e.Str("RequestCreationTime"));
        Assert.Equal("forward", e.Str("ActionsExecuted"));
        Assert.False(e.TryGetProperty("DomainName", out _));
        Assert.False(e.TryGetProperty("UserAgent", out _));
    }

    [Fact]
    public void Alb_lambda_target_with_error_reason()
    {
        var e = Line("example-alb-http.log", 7);
        Assert.False(e.TryGetProperty("InternalIpAndPort", out _));
        Assert.Equal("502", e.Str("Status"));
        Assert.Equal("LambdaInvalidResponse", e.Str("ErrorReason"));
    }

    [Fact]
    public void Malformed_request_is_split_without_its_dashes()
    {
        var e = Line("example-alb-http.log", 8);
        Assert.Equal("- http://www.example.com:80- -", e.Str("FullRequest"));
        Assert.False(e.TryGetProperty("RequestMethod", out _));
        Assert.Equal("http://www.example.com:80-", e.Str("RequestUrl"));
        Assert.False(e.TryGetProperty("RequestProtocol", out _));
        Assert.False(e.TryGetProperty("TargetGroupArn", out _));
        Assert.Equal("400", e.Str("Status"));
    }

    [Fact]
    public void Request_of_three_dashes_without_trailing_space_sends_only_FullRequest()
    {
        var e = Line("example-alb-http.log", 9);
        Assert.Equal("- - -", e.Str("FullRequest"));
        Assert.False(e.TryGetProperty("RequestMethod", out _));
        Assert.False(e.TryGetProperty("RequestUrl", out _));
        Assert.False(e.TryGetProperty("RequestProtocol", out _));
    }

    [Fact]
    public void Alb_h2_redirect()
    {
        var e = Line("example-alb-http.log", 3);
        Assert.Equal("h2", e.Str("RequestType"));
        Assert.Equal("HTTP/2.0", e.Str("RequestProtocol"));
        Assert.Equal("redirect", e.Str("ActionsExecuted"));
        Assert.Equal("https://example.com:80/", e.Str("RedirectUrl"));
        Assert.Equal(2, e.GetProperty("TimeTaken").GetInt32());
    }

    [Fact]
    public void Alb_https_with_domain_and_certificate()
    {
        var e = Line("example-alb-http.log", 2);
        Assert.Equal("www.example.com", e.Str("DomainName"));
        Assert.Equal("arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012", e.Str("ChosenCertArn"));
        Assert.Equal("authenticate,forward", e.Str("ActionsExecuted"));
        Assert.Equal("86", e.GetProperty("TimeToForwardRequest").GetRawText());
        Assert.Equal("48", e.GetProperty("TimeTaken").GetRawText());
        Assert.Equal("37", e.GetProperty("TimeToForwardResponse").GetRawText());
        Assert.Equal("ECDHE-RSA-AES128-GCM-SHA256", e.Str("SslCipher"));
    }

    [Fact]
    public void Nlb_version_one_with_eighteen_fields()
    {
        var e = Line("example-nlb-tcp.log", 1);
        Assert.Equal("1.0", e.Str("LogVersion"));
        Assert.Equal("89.160.20.112:51341", e.Str("PublicIpAndPort"));
        Assert.Equal("my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com", e.Str("DomainName"));
        Assert.False(e.TryGetProperty("AlpnFrontEndProtocol", out _));
    }

    [Fact]
    public void Classic_timings_with_fewer_than_six_decimals()
    {
        var e = Line("elb-http.log", 2);
        Assert.Equal("4.91", e.GetProperty("TimeTaken").GetRawText());
        Assert.Equal("0.041", e.GetProperty("TimeToForwardRequest").GetRawText());
        Assert.Equal("Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36", e.Str("UserAgent"));
        Assert.Equal("0.01", Line("elb-tcp.log", 1).GetProperty("TimeTaken").GetRawText());
    }

    [Fact]
    public void Classic_tcp_line_with_no_backend()
    {
        var e = Line("example-tcp.log", 2);
        AssertFields(e,
            ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
            ("PublicIpAndPort", "192.168.131.39:2817"),
            ("BytesUploadedFromClient", new Num("82")), ("BytesDownloadedByClient", new Num("0")),
            ("FullRequest", "- - - "));
    }

    [Fact]
    public async Task All_peer_case_files_together_through_the_command()
    {
        var files = Files.Select(row => PeerCase((string)row[0])).ToArray();
        var nonBlank = files.Sum(f => File.ReadAllLines(f).Count(l => l.Trim().Length > 0));
        var (exitCode, events, _, summary) = await CommandRunner.Run(["process", .. files]);
        Assert.Equal(0, exitCode);
        Assert.Equal(nonBlank, events.Count);
        Assert.Equal(0, summary.GetProperty("Malformed").GetInt64());
        Assert.Equal(Encoding.UTF8.GetByteCount(string.Concat(files.Select(File.ReadAllText))), summary.GetProperty("BytesRead").GetInt64());
    }
}
