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

    /// <summary>Lines whose events are checked field by field: what each must carry (a string, or a <see cref="Num"/>'s exact text) and what it must leave out.</summary>
    public static TheoryData<string, int, string, (string Name, object Value)[], string[]> Lines => new()
    {
        {
            "application-lb-http.log", 1, "ALB line ending at error_reason, with -1 timings",
            [("Status", "460"), ("InternalIpAndPort", "10.0.0.192:80"), ("BytesUploadedFromClient", new Num("125")), ("ActionsExecuted", "forward"),
             ("RequestCreationTime", "2019-10-11T15:01:06.657000Z")],
            ["TimeToForwardRequest", "TimeTaken", "TimeToForwardResponse", "BackendStatus", "ErrorReason", "TargetPortList"]
        },
        {
            // ... "-" "-"1 2018-07-02T22:22:48.364000Z "forward" ...
            "example-alb-http.log", 5, "a quoted field followed directly by the next value",
            [("RequestType", "wss"), ("MatchedRulePriority", "1"), ("RequestCreationTime", "2018-07-02T22:22:48.364000Z"), ("ActionsExecuted", "forward")],
            ["DomainName", "UserAgent"]
        },
        {
            "example-alb-http.log", 7, "an ALB Lambda target with an error reason",
            [("Status", "502"), ("ErrorReason", "LambdaInvalidResponse")],
            ["InternalIpAndPort"]
        },
        {
            "example-alb-http.log", 8, "a malformed request, split without its dashes",
            [("FullRequest", "- http://www.example.com:80- -"), ("RequestUrl", "http://www.example.com:80-"), ("Status", "400")],
            ["RequestMethod", "RequestProtocol", "TargetGroupArn"]
        },
        {
            "example-alb-http.log", 9, "a request of three dashes without the trailing space: only FullRequest",
            [("FullRequest", "- - -")],
            ["RequestMethod", "RequestUrl", "RequestProtocol"]
        },
        {
            "example-alb-http.log", 3, "an ALB h2 redirect",
            [("RequestType", "h2"), ("RequestProtocol", "HTTP/2.0"), ("ActionsExecuted", "redirect"), ("RedirectUrl", "https://example.com:80/"),
             ("TimeTaken", new Num("2"))],
            []
        },
        {
            "example-alb-http.log", 2, "ALB https with a domain and a certificate",
            [("DomainName", "www.example.com"), ("ChosenCertArn", "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012"),
             ("ActionsExecuted", "authenticate,forward"), ("TimeToForwardRequest", new Num("86")), ("TimeTaken", new Num("48")),
             ("TimeToForwardResponse", new Num("37")), ("SslCipher", "ECDHE-RSA-AES128-GCM-SHA256")],
            []
        },
        {
            "example-nlb-tcp.log", 1, "NLB version 1.0, with 18 fields",
            [("LogVersion", "1.0"), ("PublicIpAndPort", "89.160.20.112:51341"), ("DomainName", "my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com")],
            ["AlpnFrontEndProtocol"]
        },
        {
            "elb-http.log", 2, "classic timings with fewer than six decimals",
            [("TimeTaken", new Num("4.91")), ("TimeToForwardRequest", new Num("0.041")),
             ("UserAgent", "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36")],
            []
        },
        {
            "elb-tcp.log", 1, "a classic TCP timing with two decimals",
            [("TimeTaken", new Num("0.01"))],
            []
        },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_event_of_a_line_carries_its_values_and_leaves_out_what_it_lacks(string file, int number, string what,
        (string Name, object Value)[] present, string[] absent)
    {
        var e = Line(file, number);
        AssertSome(e, present, $"{file} line {number} ({what})");
        foreach (var name in absent) Assert.False(e.TryGetProperty(name, out _), $"{file} line {number} ({what}): {name} should be left out");
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
