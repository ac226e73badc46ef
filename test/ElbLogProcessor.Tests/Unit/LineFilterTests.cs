using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>DROP_WHEN and SAMPLE_WHEN: the rules' syntax, each operator, fields a kind lacks, and the sampling's determinism.</summary>
[Trait("Category", Category.Unit)]
public sealed class LineFilterTests : IDisposable
{
    private readonly TempFolder _folder = new("elb-filter-");

    public void Dispose() => _folder.Dispose();

    /// <summary>The rule number that leaves <paramref name="line"/> out under <paramref name="dropWhen"/>, or 0.</summary>
    private static int LeftOutBy(string dropWhen, string line, string? sampleWhen = null, long offset = 0)
    {
        var filter = new LineFilter(FilterOptions.Parse(dropWhen, sampleWhen));
        var parsed = new LineParser().Parse(Encoding.UTF8.GetBytes(line));
        Assert.Null(parsed.Failure);
        return filter.LeftOutBy(parsed, LogSource.ForS3("logs", "a.log", "etag", null), new LinePosition(1, offset));
    }

    [Theory]
    // LogLines.Alb: type http, elb_status_code 200, received_bytes 34, user_agent curl/7.46.0, target_processing_time 0.001
    [InlineData("type=http", 1)]
    [InlineData("type=https", 0)]
    [InlineData("type!=https", 1)]
    [InlineData("type!=http", 0)]
    [InlineData("user_agent^=curl/", 1)]
    [InlineData("user_agent^=Mozilla", 0)]
    [InlineData("request_line*=example.com:80/", 1)]
    [InlineData("request_line*=example.org", 0)]
    [InlineData("received_bytes<35", 1)]
    [InlineData("received_bytes<34", 0)]
    [InlineData("received_bytes<=34", 1)]
    [InlineData("received_bytes>33", 1)]
    [InlineData("received_bytes>34", 0)]
    [InlineData("received_bytes>=34", 1)]
    [InlineData("target_processing_time>0.0005", 1)]
    [InlineData("elb_status_code>=500", 0)]
    [InlineData("elb_status_code<300", 1)]
    [InlineData("elb_status_code=2xx", 1)]
    [InlineData("elb_status_code=5xx", 0)]
    [InlineData("elb_status_code!=2xx", 0)]
    [InlineData("elb_status_code=200", 1)]
    [InlineData("type=http and elb_status_code=2xx", 1)]
    [InlineData("type=http and elb_status_code=4xx", 0)]
    [InlineData("type=https; user_agent*=curl", 2)]
    [InlineData("domain_name=\"-\"", 1)]
    public void Each_operator_judges_the_parsed_field(string dropWhen, int expected) =>
        Assert.Equal(expected, LeftOutBy(dropWhen, LogLines.Alb));

    [Fact]
    public void A_value_that_is_no_number_is_on_neither_side_of_a_comparison()
    {
        // The ALB line's target_status_code is 200; an ALB line with "-" there matches neither < nor >=.
        var noTarget = LogLines.Alb.Replace(" 200 200 34 ", " 502 - 34 ", StringComparison.Ordinal);
        Assert.Equal(0, LeftOutBy("target_status_code<1000", noTarget));
        Assert.Equal(0, LeftOutBy("target_status_code>=0", noTarget));
        Assert.Equal(1, LeftOutBy("target_status_code=-", noTarget));
    }

    [Fact]
    public void A_rule_on_a_field_the_kind_lacks_does_not_match_its_lines_and_is_no_error()
    {
        // NLB lines have no user_agent and no elb_status_code; health check logs have status, access logs do not.
        Assert.Equal(0, LeftOutBy("user_agent^=curl", LogLines.Nlb));
        Assert.Equal(0, LeftOutBy("elb_status_code!=2xx", LogLines.Nlb));
        Assert.Equal(0, LeftOutBy("status=PASS", LogLines.Alb));
        Assert.Equal(1, LeftOutBy("status=PASS", LogLines.HealthCheck.First(l => l.Contains(" PASS ", StringComparison.Ordinal))));
        Assert.Equal(2, LeftOutBy("user_agent^=nothing; type=tls", LogLines.Nlb));
    }

    [Theory]
    [InlineData("http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 \"GET http://www.example.com:80/")]   // ALB, cut short
    [InlineData("Dec  8 04:00:00 web-1 nginx: GET / 200")]                                                                  // no log kind
    public void A_line_that_could_not_be_parsed_is_never_left_out(string line)
    {
        // It is sent as a parse-failure event, whatever the rules say (a rule every ALB line matches here).
        var parsed = new LineParser().Parse(Encoding.UTF8.GetBytes(line));
        Assert.NotNull(parsed.Failure);
        var filter = new LineFilter(FilterOptions.Parse("type=http; user_agent!=x", null));
        Assert.Equal(1, LeftOutBy("type=http; user_agent!=x", LogLines.Alb));
        Assert.Equal(0, filter.LeftOutBy(parsed, LogSource.ForS3("logs", "a.log", "etag", null), new LinePosition(1, 0)));
    }

    [Theory]
    [InlineData("DROP_WHEN", "usr_agent=x", "DROP_WHEN: rule 'usr_agent=x': no log kind has a field 'usr_agent' (the AWS field names, such as user_agent, " +
        "elb_status_code, request_line, client_port, target_group_arn, status: docs/event-schema.md lists them)")]
    [InlineData("DROP_WHEN", "user_agent<5", "DROP_WHEN: rule 'user_agent<5': '<' compares numbers, and user_agent is text")]
    [InlineData("DROP_WHEN", "received_bytes>lots", "DROP_WHEN: rule 'received_bytes>lots': 'lots' is no number to compare received_bytes with")]
    [InlineData("DROP_WHEN", "user_agent", "DROP_WHEN: rule 'user_agent': 'user_agent' is no <field><op><value> (a field such as user_agent or " +
        "elb_status_code, then one of = != ^= *= < <= > >=)")]
    [InlineData("DROP_WHEN", "type=http and ", "DROP_WHEN: rule 'type=http and': an empty condition (two 'and' in a row, or one at an end)")]
    [InlineData("DROP_WHEN", "user_agent^=", "DROP_WHEN: rule 'user_agent^=': '^=' needs a value (every user_agent starts with and contains nothing)")]
    [InlineData("SAMPLE_WHEN", "elb_status_code=2xx", "SAMPLE_WHEN: rule 'elb_status_code=2xx': a SAMPLE_WHEN rule ends in @<fraction> kept, such as @0.1")]
    [InlineData("SAMPLE_WHEN", "elb_status_code=2xx@1.5", "SAMPLE_WHEN: rule 'elb_status_code=2xx@1.5': '1.5' after @ is no fraction above 0 and at most 1 " +
        "(0.1 keeps one line in ten)")]
    [InlineData("SAMPLE_WHEN", "elb_status_code=2xx@0", "SAMPLE_WHEN: rule 'elb_status_code=2xx@0': '0' after @ is no fraction above 0 and at most 1 " +
        "(0.1 keeps one line in ten)")]
    public void A_rule_that_cannot_be_read_is_one_line_naming_it(string variable, string rules, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => FilterOptions.Parse(variable == "DROP_WHEN" ? rules : null, variable == "SAMPLE_WHEN" ? rules : null));
        Assert.Equal(variable, error.Variable);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task A_bad_rule_stops_the_start_with_exit_code_2()
    {
        var result = await CommandRunner.Run(new Variables(("DROP_WHEN", "user_agent^=ELB; usr_agent=x")), "process", "whatever.log");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("configuration error: DROP_WHEN: rule 'usr_agent=x': no log kind has a field 'usr_agent'", result.Diagnostics);
        Assert.Single(result.Diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_sample_keeps_its_fraction_chosen_by_the_event_id()
    {
        int kept = 0;
        for (long offset = 0; offset < 100_000; offset += 10)
            kept += LeftOutBy("", LogLines.Alb, "elb_status_code=2xx@0.1", offset) == 0 ? 1 : 0;
        Assert.InRange(kept, 900, 1100);   // 10% of 10,000 lines
        Assert.Equal(0, LeftOutBy("", LogLines.Alb, "elb_status_code=2xx@1"));
        Assert.Equal(0, LeftOutBy("", LogLines.Alb, "elb_status_code=5xx@0.001"));   // not matched: kept
    }

    [Fact]
    public async Task The_same_lines_are_kept_on_every_run_and_in_both_schemas_and_the_counts_add_up()
    {
        var log = LogLines.WriteLog(_folder.Path, 2_000, line: i => i % 7 == 0 ? LogLines.Nlb : i % 3 == 0 ? LogLines.Classic.Replace(" 200 200 ", " 503 503 ", StringComparison.Ordinal) : LogLines.Classic);
        var rules = new Variables(("DROP_WHEN", "elb_status_code=5xx"), ("SAMPLE_WHEN", "elb_status_code=2xx@0.25"));
        var first = await CommandRunner.Run(rules, "process", log);
        var second = await CommandRunner.Run(rules, "process", log);
        var ecs = await CommandRunner.Run(rules.With(("EVENT_SCHEMA", "ecs")), "process", log);

        var ids = first.Events.Select(e => e.GetProperty("EventId").GetString()).ToList();
        Assert.Equal(ids, second.Events.Select(e => e.GetProperty("EventId").GetString()));
        Assert.Equal(ids, ecs.Events.Select(e => e.GetProperty("event").GetProperty("id").GetString()));

        var summary = first.Summary;
        long lines = summary.GetProperty("Lines").GetInt64(), leftOut = summary.GetProperty("LeftOut").GetInt64();
        long byFiveXx = summary.GetProperty("LeftOutByRule").GetProperty("elb_status_code=5xx").GetInt64();
        long bySample = summary.GetProperty("LeftOutByRule").GetProperty("elb_status_code=2xx@0.25").GetInt64();
        Assert.Equal(2_000, lines);
        Assert.Equal(leftOut, byFiveXx + bySample);
        Assert.Equal(lines, ids.Count + leftOut + summary.GetProperty("Blank").GetInt64());
        Assert.Equal(Enumerable.Range(0, 2_000).Count(i => i % 7 != 0 && i % 3 == 0), byFiveXx);
        int twoXx = Enumerable.Range(0, 2_000).Count(i => i % 7 != 0 && i % 3 != 0);
        Assert.InRange(twoXx - bySample, twoXx / 8, twoXx * 3 / 8);   // about a quarter kept
        Assert.Equal(Enumerable.Range(0, 2_000).Count(i => i % 7 == 0), summary.GetProperty("Events").GetProperty("network").GetInt64());
    }
}
