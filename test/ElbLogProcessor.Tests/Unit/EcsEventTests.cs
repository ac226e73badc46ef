using System.Text.Json;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;

namespace ElbLogProcessor.Tests;

/// <summary>What an ECS event carries for each kind of line, and the settings of the ECS schema.</summary>
[Trait("Category", Category.Unit)]
public class EcsEventTests
{
    private static readonly EcsOptions Ecs = new() { Schema = EventSchemaKind.Ecs };

    private static string? Str(JsonElement e, string path) => EcsEvents.Flatten(e).TryGetValue(path, out var v) ? v.ToString() : null;

    private static bool Has(JsonElement e, string path) => EcsEvents.Flatten(e).ContainsKey(path) ||
                                                          EcsEvents.Flatten(e).Keys.Any(k => k.StartsWith(path + ".", StringComparison.Ordinal));

    [Fact]
    public void A_classic_tcp_line_has_no_http_url_or_user_agent_and_its_bytes_as_source_and_destination()
    {
        var e = EcsEvents.Of("2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.001069 0.000028 0.000041 - - 82 305 \"- - - \" \"-\" - -", Ecs);
        Assert.False(Has(e, "http"));
        Assert.False(Has(e, "url"));
        Assert.False(Has(e, "user_agent"));
        Assert.False(Has(e, "event.outcome"));
        Assert.Equal(("tcp", "[\"network\"]", "82", "305"), (Str(e, "aws.elb.protocol"), Str(e, "event.category"), Str(e, "source.bytes"), Str(e, "destination.bytes")));
    }

    [Fact]
    public void An_s3_object_gives_the_forwarders_provenance_and_the_account_and_region_of_its_key()
    {
        const string Key = "AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2026/12/04/123456789012_elasticloadbalancing_eu-west-1_app.my-lb.x_20261204T0000Z_10.0.0.1_abc.log.gz";
        var e = EcsEvents.Of(LogLines.Alb, new EcsOptions { Schema = EventSchemaKind.Ecs, DataStreamNamespace = "prod" },
            LogSource.ForS3("my-elb-logs", Key, "feedface", null));

        Assert.Equal("my-elb-logs", Str(e, "aws.s3.bucket.name"));
        Assert.Equal("arn:aws:s3:::my-elb-logs", Str(e, "aws.s3.bucket.arn"));
        Assert.Equal(Key, Str(e, "aws.s3.object.key"));
        Assert.Equal($"https://my-elb-logs.s3.eu-west-1.amazonaws.com/{Key}", Str(e, "log.file.path"));
        Assert.Equal("0", Str(e, "log.offset"));
        Assert.Equal(("123456789012", "eu-west-1", "aws"), (Str(e, "cloud.account.id"), Str(e, "cloud.region"), Str(e, "cloud.provider")));
        Assert.Equal(("logs", "aws.elb_logs", "prod", "aws.elb_logs"),
            (Str(e, "data_stream.type"), Str(e, "data_stream.dataset"), Str(e, "data_stream.namespace"), Str(e, "event.dataset")));
        Assert.Equal(LogSource.ForS3("my-elb-logs", Key, "feedface", null).EventIdFor(0), Str(e, "event.id"));
        Assert.Equal("8.11.0", Str(e, "ecs.version"));
        // The fields AWS added after the integration: ECS's observer for the node, the AWS names for the rest.
        Assert.Equal(("10.0.0.1:80", "TID_dc57cebed65b444ebc8177bb698fe166"), (Str(e, "aws.elb.target_port")?.Trim('[', ']', '"'), Str(e, "aws.elb.conn_trace_id")));
    }

    [Fact]
    public void The_original_line_is_kept_only_when_asked_and_labels_come_from_the_envelope()
    {
        var plain = EcsEvents.Of(LogLines.Classic, Ecs);
        Assert.False(Has(plain, "event.original"));
        Assert.False(Has(plain, "tags"));
        Assert.False(Has(plain, "labels"));

        var kept = EcsEvents.Of(LogLines.Classic, Ecs with { PreserveOriginal = true }, envelope: new EnvelopeOptions { Environment = "prod", Application = "shop" });
        Assert.Equal(LogLines.Classic, Str(kept, "event.original"));
        Assert.Equal("[\"preserve_original_event\"]", Str(kept, "tags"));
        Assert.Equal(("prod", "shop"), (Str(kept, "labels.environment"), Str(kept, "labels.application")));
        Assert.False(Has(kept, "Type"));
        Assert.False(Has(kept, "SourceModuleName"));
    }

    [Fact]
    public void A_line_that_cannot_be_parsed_keeps_the_line_says_why_and_is_tagged()
    {
        var e = EcsEvents.Of("2026-12-04T10:00:00.000000Z this is not an access log", Ecs, LogSource.ForS3("b", "AWSLogs/123456789012/elasticloadbalancing/us-east-1/x.log", null, null));
        Assert.Equal("2026-12-04T10:00:00.000000Z this is not an access log", Str(e, "event.original"));
        Assert.Equal("2026-12-04T10:00:00.000000Z", Str(e, "@timestamp"));   // its own time, so it lands with its neighbours
        Assert.Equal(("pipeline_error", "[\"elb_parse_failure\"]"), (Str(e, "event.kind"), Str(e, "tags")));
        Assert.NotNull(Str(e, "error.message"));
        Assert.Equal(("b", "us-east-1", "aws.elb_logs"), (Str(e, "aws.s3.bucket.name"), Str(e, "cloud.region"), Str(e, "data_stream.dataset")));

        var noTime = EcsEvents.Of("\"quoted\" nonsense", Ecs);
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(Str(noTime, "@timestamp")!, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(1));
        Assert.Equal("\"quoted\" nonsense", Str(noTime, "event.original"));
    }

    [Fact]
    public void A_connection_line_gives_source_destination_and_the_client_certificate()
    {
        var e = EcsEvents.Of(LogLines.Connection[0], Ecs);
        Assert.Equal(("203.0.113.1", "36280", "443"), (Str(e, "source.ip"), Str(e, "source.port"), Str(e, "destination.port")));
        Assert.Equal("CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US", Str(e, "tls.client.subject"));
        Assert.Equal(("2023-09-21T22:43:21Z", "2026-06-17T22:43:21Z"), (Str(e, "tls.client.not_before"), Str(e, "tls.client.not_after")));
        Assert.Equal("FEF257372D5C14D4", Str(e, "tls.client.x509.serial_number"));
        Assert.Equal(("Success", "success", "4036"), (Str(e, "aws.elb.tls_verify_status"), Str(e, "event.outcome"), Str(e, "aws.elb.tls_handshake_time.ms")));
        Assert.Equal(("[\"network\"]", "[\"connection\"]"), (Str(e, "event.category"), Str(e, "event.type")));
        Assert.Equal(("1.2", "tls"), (Str(e, "tls.version"), Str(e, "tls.version_protocol")));
        Assert.Equal("failure", Str(EcsEvents.Of(LogLines.Connection[1], Ecs), "event.outcome"));
    }

    [Fact]
    public void A_health_check_gives_the_outcome_duration_reason_and_target()
    {
        var failed = EcsEvents.Of("http 2025-10-31T12:44:58.901409Z 1.121980746 172.31.31.9:80 HCLogsTestIPs FAIL 502 TargetError", Ecs);
        Assert.Equal(("failure", "1121980746", "TargetError"), (Str(failed, "event.outcome"), Str(failed, "event.duration"), Str(failed, "event.reason")));
        Assert.Equal(("172.31.31.9", "80", "502"), (Str(failed, "aws.elb.backend.ip"), Str(failed, "aws.elb.backend.port"),
            Str(failed, "aws.elb.backend.http.response.status_code")));
        Assert.Equal(("HCLogsTestIPs", "FAIL", "[\"info\"]"), (Str(failed, "aws.elb.target_group_id"), Str(failed, "aws.elb.status"), Str(failed, "event.type")));
        Assert.False(Has(failed, "http"));

        var lambda = EcsEvents.Of(LogLines.HealthCheck[^1], Ecs);
        Assert.StartsWith("arn:aws:lambda:", Str(lambda, "aws.elb.target_addr"));
        Assert.False(Has(lambda, "aws.elb.backend.ip"));
    }

    [Theory]
    [InlineData("2001:db8::1:2817", "2001:db8::1", "2817")]
    [InlineData("[2001:db8::1]:2817", "2001:db8::1", "2817")]
    [InlineData("not-an-ip:2817", null, "2817")]
    public void A_client_address_is_split_at_its_last_colon_and_is_an_ip_only_when_it_is_one(string client, string? ip, string port)
    {
        var e = EcsEvents.Of(LogLines.Classic.Replace("192.168.131.39:2817", client), Ecs);
        Assert.Equal((ip, port), (Str(e, "source.ip"), Str(e, "source.port")));
        Assert.NotNull(Str(e, "source.address"));
    }

    [Fact]
    public void Decoded_url_parts_are_escaped_and_repaired()
    {
        var e = EcsEvents.Of(LogLines.Classic.Replace("http://www.example.com:80/", "http://www.example.com:80/a%22b%5C%FF?q=%0A"), Ecs);
        Assert.Equal("/a\"b\\\uFFFD", Str(e, "url.path"));
        Assert.Equal("q=\n", Str(e, "url.query"));
        Assert.Equal("http://www.example.com:80/a%22b%5C%FF?q=%0A", Str(e, "url.original"));
    }

    [Theory]
    [InlineData("TLSv1.2", "1.2", "tls")]
    [InlineData("tlsv13", "1.3", "tls")]
    [InlineData("TLSv1", "1.", "tls")]
    [InlineData("SSLv3", "3.", "ssl")]
    public void Tls_version_is_split_as_the_integrations_script_does(string protocol, string version, string versionProtocol)
    {
        var e = EcsEvents.Of(LogLines.Classic.Replace("\" - -", $"\" ECDHE-RSA-AES128-SHA {protocol}"), Ecs);
        Assert.Equal((version, versionProtocol, protocol), (Str(e, "tls.version"), Str(e, "tls.version_protocol"), Str(e, "aws.elb.ssl_protocol")));
    }

    [Theory]
    [InlineData("EVENT_SCHEMA", "json", "EVENT_SCHEMA: 'json' is not elb or ecs")]
    [InlineData("DATA_STREAM_NAMESPACE", "prod-eu",
        "DATA_STREAM_NAMESPACE: 'prod-eu' is not a data stream namespace: up to 100 lower-case characters, without '-' or any of \\ / * ? \" < > | , # : or a space, not starting with _ + or .")]
    [InlineData("ECS_PRESERVE_ORIGINAL", "maybe", "ECS_PRESERVE_ORIGINAL: 'maybe' is not true or false")]
    public async Task A_setting_of_the_schema_that_is_wrong_is_one_line_and_exit_code_2(string variable, string value, string message)
    {
        var result = await CommandRunner.Run(new Variables((variable, value)), "process", RepositoryFiles.Path("deploy", "samples", "classic-elb.log"));
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"configuration error: {message}\n", result.Diagnostics);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void The_schema_defaults_to_elb_and_is_read_from_the_environment()
    {
        Assert.Equal(EventSchemaKind.Elb, new Variables().Load().Events.Schema);
        var options = new Variables(("EVENT_SCHEMA", "ecs"), ("DATA_STREAM_NAMESPACE", "prod_eu"), ("ECS_PRESERVE_ORIGINAL", "true")).Load().Events;
        Assert.Equal((EventSchemaKind.Ecs, "prod_eu", true), (options.Schema, options.DataStreamNamespace, options.PreserveOriginal));
        Assert.Equal("default", new Variables(("EVENT_SCHEMA", "ECS")).Load().Events.DataStreamNamespace);
    }
}
