using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events;
using static ElbLogProcessor.Tests.EventAssertions;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class EventWriterTests
{
    private const string AlbPrefix =
        "http 2018-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.46.0\" - - arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\"";

    [Fact]
    public void Minus_one_timings_and_dash_backend_are_omitted()
    {
        var (outcome, e) = Convert("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 - -1 -1 -1 503 - 0 0 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -");
        Assert.Equal(Outcome.Classic, outcome);
        AssertFields(e,
            ("EventReceivedTime", "2015-05-13T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
            ("PublicIpAndPort", "192.168.131.39:2817"), ("Status", "503"),
            ("BytesUploadedFromClient", new Num("0")), ("BytesDownloadedByClient", new Num("0")),
            ("FullRequest", "GET http://www.example.com:80/ HTTP/1.1"), ("RequestMethod", "GET"),
            ("RequestUrl", "http://www.example.com:80/"), ("RequestProtocol", "HTTP/1.1"), ("UserAgent", "curl/7.38.0"));
    }

    [Fact]
    public void Twelve_field_classic_line_is_valid()
    {
        var (outcome, e) = Convert("2014-02-15T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\"");
        Assert.Equal(Outcome.Classic, outcome);
        AssertFields(e,
            ("EventReceivedTime", "2014-02-15T23:39:43.945958Z"), ("LoadBalancerName", "my-loadbalancer"),
            ("PublicIpAndPort", "192.168.131.39:2817"), ("InternalIpAndPort", "10.0.0.1:80"),
            ("TimeToForwardRequest", new Num("0.073")), ("TimeTaken", new Num("1.048")),
            ("TimeToForwardResponse", new Num("0.057")), ("Status", "200"), ("BackendStatus", "200"),
            ("BytesUploadedFromClient", new Num("0")), ("BytesDownloadedByClient", new Num("29")),
            ("FullRequest", "GET http://www.example.com:80/ HTTP/1.1"), ("RequestMethod", "GET"),
            ("RequestUrl", "http://www.example.com:80/"), ("RequestProtocol", "HTTP/1.1"));
    }

    [Fact]
    public void Escaped_quotes_in_user_agent_are_unescaped()
    {
        var (outcome, e) = Convert("2015-05-13T23:39:43.945958Z lb 1.2.3.4:1 10.0.0.1:80 0.1 0.2 0.3 200 200 1 2 \"GET http://x/ HTTP/1.1\" \"\\\"nlpproject.info research\\\"\" - -");
        Assert.Equal(Outcome.Classic, outcome);
        Assert.Equal("\"nlpproject.info research\"", e.Str("UserAgent"));
        Assert.Equal("GET http://x/ HTTP/1.1", e.Str("FullRequest"));
        Assert.False(e.TryGetProperty("SslCipher", out _));
    }

    [Fact]
    public void Backslash_escapes_a_backslash_and_keeps_other_backslashes()
    {
        var (_, e) = Convert("2015-05-13T23:39:43.945958Z lb 1.2.3.4:1 10.0.0.1:80 0.1 0.2 0.3 200 200 1 2 \"GET http://x/a\\b HTTP/1.1\" \"ua \\\\\" - -");
        Assert.Equal("http://x/a\\b", e.Str("RequestUrl"));
        Assert.Equal("ua \\", e.Str("UserAgent"));
        Assert.False(e.TryGetProperty("ExtraFields", out _));
    }

    [Fact]
    public void IPv6_client_and_target()
    {
        var (outcome, e) = Convert(AlbPrefix.Replace("192.168.131.39:2817", "[2001:db8::1]:54321").Replace("10.0.0.1:80", "[2001:db8::a]:8080"));
        Assert.Equal(Outcome.Application, outcome);
        Assert.Equal("[2001:db8::1]:54321", e.Str("PublicIpAndPort"));
        Assert.Equal("[2001:db8::a]:8080", e.Str("InternalIpAndPort"));
    }

    [Fact]
    public void Non_ascii_text_is_kept_as_utf8()
    {
        var line = AlbPrefix.Replace("curl/7.46.0", "Mözilla/5.0 (日本語; ✓)");
        var (_, e) = Convert(line);
        Assert.Equal("Mözilla/5.0 (日本語; ✓)", e.Str("UserAgent"));
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_characters()
    {
        var bytes = Encoding.UTF8.GetBytes(AlbPrefix.Replace("curl/7.46.0", "bad-XY-end")).ToList();
        int at = Encoding.UTF8.GetBytes(AlbPrefix.Replace("curl/7.46.0", "bad-XY-end")).AsSpan().IndexOf("XY"u8);
        bytes[at] = 0xC3;       // a lead byte followed by ASCII: invalid
        bytes[at + 1] = 0xFF;   // never valid in UTF-8
        var (outcome, e) = Convert(bytes.ToArray());
        Assert.Equal(Outcome.Application, outcome);
        Assert.Equal("bad-\uFFFD\uFFFD-end", e.Str("UserAgent"));
    }

    [Fact]
    public void Invalid_utf8_in_an_unparseable_line_is_replaced_in_message()
    {
        var (outcome, e) = Convert([0x66, 0x6f, 0xff, 0x6f, 0x22]);
        Assert.Equal(Outcome.Malformed, outcome);
        Assert.Equal("fo\uFFFDo\"", e.Str("message"));
    }

    [Fact]
    public void Control_characters_are_escaped_in_json()
    {
        var (_, e) = Convert(AlbPrefix.Replace("curl/7.46.0", "tab\there\u0001"));
        Assert.Equal("tab\there\u0001", e.Str("UserAgent"));
    }

    [Fact]
    public void Older_alb_line_of_eighteen_fields()
    {
        var (outcome, e) = Convert(AlbPrefix);
        Assert.Equal(Outcome.Application, outcome);
        Assert.Equal("Root=1-58337262-36d228ad5d99923122bbe354", e.Str("TraceId"));
        Assert.False(e.TryGetProperty("DomainName", out _));
        Assert.False(e.TryGetProperty("ExtraFields", out _));
    }

    [Fact]
    public void Full_current_alb_line_maps_every_field()
    {
        var (outcome, e) = Convert(AlbPrefix +
            " \"www.example.com\" \"arn:aws:acm:us-east-2:123456789012:certificate/1234\" 10 2018-07-02T22:22:48.364000Z \"waf,forward\" \"https://example.com/\" \"TargetConnectionError\" \"10.0.0.1:80 10.0.0.2:80\" \"200 502\" \"Ambiguous\" \"UndefinedContentLengthSemantics\" TID_1234 \"example.org\" \"/rewritten?q=1\" \"TransformSucceeded\"");
        Assert.Equal(Outcome.Application, outcome);
        var names = e.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            ["DomainName", "ChosenCertArn", "MatchedRulePriority", "RequestCreationTime", "ActionsExecuted", "RedirectUrl",
             "ErrorReason", "TargetPortList", "TargetStatusCodeList", "Classification", "ClassificationReason",
             "ConnectionTraceId", "TransformedHost", "TransformedUri", "RequestTransformStatus"],
            names.SkipWhile(n => n != "DomainName"));
        Assert.Equal("10", e.Str("MatchedRulePriority"));
        Assert.Equal("10.0.0.1:80 10.0.0.2:80", e.Str("TargetPortList"));
        Assert.Equal("200 502", e.Str("TargetStatusCodeList"));
        Assert.Equal("Ambiguous", e.Str("Classification"));
        Assert.Equal("UndefinedContentLengthSemantics", e.Str("ClassificationReason"));
        Assert.Equal("TID_1234", e.Str("ConnectionTraceId"));
        Assert.Equal("example.org", e.Str("TransformedHost"));
        Assert.Equal("/rewritten?q=1", e.Str("TransformedUri"));
        Assert.Equal("TransformSucceeded", e.Str("RequestTransformStatus"));
    }

    [Fact]
    public void Alb_unknown_trailing_fields_go_to_ExtraFields_in_order()
    {
        var line = AlbPrefix + " \"-\" \"-\" 0 2018-07-02T22:22:48.364000Z \"forward\" \"-\" \"-\" \"-\" \"-\" \"-\" \"-\" TID_1 \"-\" \"-\" \"-\" 10.0.0.9 - -";
        // Every declared field, then three more: whatever the declaration's length, those three are the extra ones.
        int written = new Parsing.FieldTokenizer().Tokenize(Encoding.UTF8.GetBytes(line));
        var full = line + string.Concat(Enumerable.Repeat(" -", LogKinds.AlbAccessLog.Kind.Fields.Length - written));
        var (outcome, e) = Convert(full + " future-1 \"quoted future\" -");
        Assert.Equal(Outcome.Application, outcome);
        AssertFields(e, [.. e.EnumerateObject().Where(p => !EnvelopeNames.Contains(p.Name) && p.Name != "ExtraFields")
            .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Number ? (object)new Num(p.Value.GetRawText()) : p.Value.GetString()!)),
            ("ExtraFields", new[] { "future-1", "quoted future", "-" })]);
    }

    [Fact]
    public void Classic_line_with_more_than_fifteen_fields_keeps_the_rest()
    {
        var (outcome, e) = Convert("2015-05-13T23:39:43.945958Z lb 1.2.3.4:1 10.0.0.1:80 0.1 0.2 0.3 200 200 1 2 \"GET / HTTP/1.1\" \"ua\" c p extra");
        Assert.Equal(Outcome.Classic, outcome);
        Assert.Equal(["extra"], e.GetProperty("ExtraFields").EnumerateArray().Select(x => x.GetString()));
    }

    [Theory]
    [InlineData("2015-05-13T23:39:43.945958Z lb 1.2.3.4:1 10.0.0.1:80 0.1 0.2 0.3 200 200 1", "classic", "10 fields")]
    [InlineData("2015-05-13T23:39:43.945958Z lb 1.2.3.4:1 10.0.0.1:80 fast 0.2 0.3 200 200 1 2 \"GET / HTTP/1.1\"", "classic", "TimeToForwardRequest")]
    [InlineData("2015-05-13T23:39:43.945958Z lb 1.2.3.4:1 10.0.0.1:80 0.1 0.2 0.3 200 200 1.5 2 \"GET / HTTP/1.1\"", "classic", "BytesUploadedFromClient")]
    [InlineData("http 2018-07-02T22:23:00.186641Z app/lb 1.2.3.4:1 - 0 0 0 200 200 1 2 \"GET / HTTP/1.1\"", "application", "13 fields")]
    [InlineData("tls 2.0 2018-12-20T02:59:40 net/lb l 1.2.3.4:1 5.6.7.8:443 x 2 98 246 - - - - - - - -", "network", "ConnectionTime")]
    public void Lines_of_a_known_format_that_do_not_parse_are_failures_with_their_type(string line, string type, string reason)
    {
        var (result, e) = Write(Encoding.UTF8.GetBytes(line), lineNumber: 7);
        Assert.True(result.IsMalformed);
        Assert.Contains(reason, result.Failure);
        Assert.Equal(type, e.Str("LoadBalancerType"));
        AssertFields(e, ("message", line), ("tags", new[] { "_elbparsefailure" }));
    }

    [Theory]
    [InlineData("not a log line")]
    [InlineData("\"unbalanced quote and more")]
    [InlineData("2015-05-13 not-iso")]
    [InlineData("tls x.y something")]
    public void Unknown_lines_become_parse_failure_events(string line)
    {
        var (outcome, e) = Convert(line);
        Assert.Equal(Outcome.Malformed, outcome);
        Assert.False(e.TryGetProperty("LoadBalancerType", out _));
        AssertFields(e, ("message", line), ("tags", new[] { "_elbparsefailure" }));
        Assert.Equal("logs", e.Str("Type"));
        Assert.False(string.IsNullOrEmpty(e.Str("EventId")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \t ")]
    public void Blank_lines_write_nothing(string line) => Assert.Equal(Outcome.Blank, Convert(line).Outcome);

    [Fact]
    public void Envelope_defaults_and_omits_unconfigured_fields()
    {
        var (_, e) = Convert(AlbPrefix);
        Assert.Equal("logs", e.Str("Type"));
        Assert.Equal("ELB", e.Str("SourceModuleName"));
        Assert.False(e.TryGetProperty("Component", out _));
        Assert.False(e.TryGetProperty("Environment", out _));
        Assert.False(e.TryGetProperty("Application", out _));
    }

    [Fact]
    public void Envelope_uses_configured_values_from_the_environment()
    {
        var variables = new Variables(("EVENT_TYPE", "access"), ("SOURCE_MODULE_NAME", "LB"), ("COMPONENT", "edge"),
            ("ENVIRONMENT", "prod"), ("APPLICATION", "shop \"eu\""));
        var envelope = new EventEnvelope(variables.Load().Envelope);
        var (_, e) = Convert(AlbPrefix, envelope);
        Assert.Equal(["Type", "SourceModuleName", "Component", "Environment", "Application", "LoadBalancerType", "EventId", "Source"],
            e.EnumerateObject().Select(p => p.Name).Take(8));
        Assert.Equal("access", e.Str("Type"));
        Assert.Equal("LB", e.Str("SourceModuleName"));
        Assert.Equal("edge", e.Str("Component"));
        Assert.Equal("prod", e.Str("Environment"));
        Assert.Equal("shop \"eu\"", e.Str("Application"));
    }

    [Fact]
    public void File_source_names_path_and_line_number()
    {
        var (_, e) = Convert(Encoding.UTF8.GetBytes(AlbPrefix), source: LogSource.ForFile("logs/a b.log"), lineNumber: 42, offset: 9000);
        var file = e.GetProperty("Source").GetProperty("File");
        Assert.Equal("logs/a b.log", file.Str("Path"));
        Assert.Equal(42, file.GetProperty("LineNumber").GetInt64());
    }

    [Fact]
    public void S3_source_names_bucket_key_and_line_number()
    {
        var source = LogSource.ForS3("my-bucket", "AWSLogs/1/elasticloadbalancing/a b+c.log", "\"abc\"", null);
        var (_, e) = Convert(Encoding.UTF8.GetBytes(AlbPrefix), source: source, lineNumber: 3);
        var s3 = e.GetProperty("Source").GetProperty("S3");
        Assert.Equal("my-bucket", s3.Str("Bucket"));
        Assert.Equal("AWSLogs/1/elasticloadbalancing/a b+c.log", s3.Str("Key"));
        Assert.Equal(3, s3.GetProperty("LineNumber").GetInt64());
    }

    [Fact]
    public void EventId_is_deterministic_per_source_and_offset()
    {
        var line = Encoding.UTF8.GetBytes(AlbPrefix);
        string Id(LogSource source, long offset) => Convert(line, source: source, offset: offset).Event.Str("EventId");

        // The id is the 64-bit XxHash3 of what the source is, then the line's offset: a contract, since the index
        // de-duplicates redelivered objects by it, so the derivation is pinned, not only compared with itself.
        string Expected(string identity, long offset) => $"{System.IO.Hashing.XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(identity)):x16}-{offset}";
        Assert.Equal(Expected("file\n" + Path.GetFullPath("a.log"), 100), Id(LogSource.ForFile("a.log"), 100));
        Assert.Equal(Expected("s3\nb\nk\ne1\n", 5), Id(LogSource.ForS3("b", "k", "e1", null), 5));
        Assert.Equal(Id(LogSource.ForFile("a.log"), 100), Id(LogSource.ForFile(Path.GetFullPath("a.log")), 100));
        Assert.NotEqual(Id(LogSource.ForFile("a.log"), 100), Id(LogSource.ForFile("a.log"), 101));
        Assert.NotEqual(Id(LogSource.ForFile("a.log"), 100), Id(LogSource.ForFile("b.log"), 100));

        var s3 = LogSource.ForS3("b", "k", "\"e1\"", null);
        Assert.Equal(Id(s3, 5), Id(LogSource.ForS3("b", "k", "e1", null), 5));
        Assert.NotEqual(Id(s3, 5), Id(LogSource.ForS3("b", "k", "e2", null), 5));
        Assert.NotEqual(Id(s3, 5), Id(LogSource.ForS3("b", "k2", "e1", null), 5));
        Assert.NotEqual(Id(s3, 5), Id(LogSource.ForS3("b", "k", "e1", "v2"), 5));
    }
}
