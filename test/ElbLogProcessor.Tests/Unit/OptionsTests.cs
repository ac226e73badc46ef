using ElbLogProcessor.Configuration;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Tests;

/// <summary>Configuration from environment variables: defaults, overrides, and one clear error naming the variable.</summary>
[Trait("Category", Category.Unit)]
public class OptionsTests
{
    private static FunctionOptions Load(params (string Name, string Value)[] variables) => new Variables(variables).Load();

    private static ConfigurationException Refused(params (string Name, string Value)[] variables) =>
        Assert.Throws<ConfigurationException>(() => Load(variables));

    [Fact]
    public void Defaults_without_any_variable()
    {
        var options = Load();
        Assert.Null(options.Logstash);
        Assert.Equal(2000, options.Batches.MaxEvents);
        Assert.Equal(1024 * 1024, options.Batches.MaxBytes);
        Assert.Equal("ElbLogProcessor", options.MetricsNamespace);
        Assert.Equal("local", options.FunctionName);
        Assert.Equal(30, options.HandOver.DeadlineMarginSeconds);
        Assert.Null(options.HandOver.QueueUrl);
        Assert.Equal(("logs", "ELB", (string?)null, (string?)null, (string?)null), (options.Envelope.Type, options.Envelope.SourceModuleName,
            options.Envelope.Component, options.Envelope.Environment, options.Envelope.Application));
    }

    [Fact]
    public void The_metrics_twin_is_written_in_lambda_and_elsewhere_only_when_asked()
    {
        Assert.False(Load().EmitMetrics);
        Assert.True(Load(("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")).EmitMetrics);
        Assert.False(Load(("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001"), ("EMIT_METRICS", "false")).EmitMetrics);
        Assert.True(Load(("EMIT_METRICS", "true")).EmitMetrics);
        Assert.Equal("EMIT_METRICS: 'sometimes' is not true or false", Refused(("EMIT_METRICS", "sometimes")).Message);
    }

    [Fact]
    public void Logstash_defaults_and_overrides()
    {
        var defaults = Load(("LOGSTASH_URL", "https://logstash.internal:8080/elb")).Logstash!;
        Assert.Equal(new Uri("https://logstash.internal:8080/elb"), defaults.Url);
        Assert.True(defaults.Gzip);
        Assert.Equal((4, 4, 30, 8, 1000, 30, 3), (defaults.Senders, defaults.QueueCapacity, defaults.RequestTimeoutSeconds,
            defaults.MaxAttempts, defaults.RetryBaseDelayMs, defaults.RetryMaxDelaySeconds, defaults.GiveUpAfterFailedBatches));

        var set = Load(("LOGSTASH_URL", "http://127.0.0.1:8080"), ("LOGSTASH_GZIP", "off"), ("LOGSTASH_SENDERS", "8"),
            ("LOGSTASH_QUEUE_CAPACITY", "16"), ("LOGSTASH_REQUEST_TIMEOUT_SECONDS", "5"), ("LOGSTASH_MAX_ATTEMPTS", "2"),
            ("LOGSTASH_RETRY_BASE_DELAY_MS", "250"), ("LOGSTASH_RETRY_MAX_DELAY_SECONDS", "4"),
            ("LOGSTASH_USERNAME", "u"), ("LOGSTASH_PASSWORD", "p"), ("LOGSTASH_ALLOW_HTTP_AUTH", "true"), ("BATCH_MAX_EVENTS", "50"), ("BATCH_MAX_BYTES", "65536"),
            ("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", "0"), ("DEADLINE_MARGIN_SECONDS", "45"));
        var o = set.Logstash!;
        Assert.False(o.Gzip);
        Assert.Equal((8, 16, 5.0, 2, 250.0, 4.0, 0), (o.Senders, o.QueueCapacity, o.RequestTimeout.TotalSeconds, o.MaxAttempts,
            o.RetryBaseDelay.TotalMilliseconds, o.RetryMaxDelay.TotalSeconds, o.GiveUpAfterFailedBatches));
        Assert.Equal(("u", "p"), (o.Username, o.Password!.Reveal()));
        Assert.Equal((50, 65536), (set.Batches.MaxEvents, set.Batches.MaxBytes));
        Assert.Equal(TimeSpan.FromSeconds(45), set.HandOver.DeadlineMargin);
    }

    [Theory]
    [InlineData("LOGSTASH_URL", "not a url", "must be an absolute http:// or https:// URL")]
    [InlineData("LOGSTASH_URL", "ftp://logstash/", "must be an absolute http:// or https:// URL")]
    [InlineData("LOGSTASH_URL", "http://user:pass@logstash:8080/", "must not carry credentials; use LOGSTASH_USERNAME and LOGSTASH_PASSWORD")]
    [InlineData("LOGSTASH_SENDERS", "0", "'0' is not a whole number from 1 to 64")]
    [InlineData("LOGSTASH_SENDERS", "four", "'four' is not a whole number from 1 to 64")]
    [InlineData("LOGSTASH_QUEUE_CAPACITY", "-1", "'-1' is not a whole number from 1 to 256")]
    [InlineData("LOGSTASH_GZIP", "maybe", "'maybe' is not true or false")]
    [InlineData("LOGSTASH_MAX_ATTEMPTS", "1000", "'1000' is not a whole number from 1 to 100")]
    [InlineData("LOGSTASH_REQUEST_TIMEOUT_SECONDS", "1.5", "'1.5' is not a whole number from 1 to 900")]
    [InlineData("LOGSTASH_CA_BUNDLE", "/nonexistent/ca.pem", "no file at '/nonexistent/ca.pem'")]
    [InlineData("BATCH_MAX_EVENTS", "0", "'0' is not a whole number from 1 to 100000")]
    [InlineData("BATCH_MAX_BYTES", "12", "'12' is not a whole number from 1024 to 67108864")]
    [InlineData("CONTINUATION_QUEUE_URL", "queue", "must be an absolute http:// or https:// URL")]
    public void Invalid_values_are_refused_with_one_message_naming_the_variable(string variable, string value, string problem)
    {
        var variables = new List<(string, string)> { (variable, value) };
        if (variable != "LOGSTASH_URL") variables.Add(("LOGSTASH_URL", "http://127.0.0.1:8080/"));
        var error = Refused([.. variables]);
        Assert.Equal(variable, error.Variable);
        Assert.Equal($"{variable}: {problem}", error.Message);
        Assert.DoesNotContain("pass@", error.Message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("4")]
    public void A_deadline_margin_inside_the_hard_stop_is_refused_saying_why(string margin)
    {
        var error = Refused(("DEADLINE_MARGIN_SECONDS", margin));
        Assert.Equal("DEADLINE_MARGIN_SECONDS", error.Variable);
        Assert.Equal($"DEADLINE_MARGIN_SECONDS: '{margin}' is not a whole number from 5 to 600 (the last 2 s before the deadline are the hard stop; " +
                     "flushing and handing over need at least 3 s more)", error.Message);
        Assert.Equal(5, Load(("DEADLINE_MARGIN_SECONDS", "5")).HandOver.DeadlineMarginSeconds);
    }

    [Theory]
    [InlineData("LOGSTASH_USERNAME", "LOGSTASH_PASSWORD")]
    [InlineData("LOGSTASH_PASSWORD", "LOGSTASH_USERNAME")]
    public void Basic_auth_half_configured_names_the_missing_variable(string given, string missing) =>
        Assert.Equal(missing, Refused(("LOGSTASH_URL", "http://127.0.0.1/"), (given, "x")).Variable);

    [Fact]
    public void Basic_auth_over_plain_http_is_refused_unless_explicitly_allowed()
    {
        var error = Refused(("LOGSTASH_URL", "http://logstash.internal:8080/"), ("LOGSTASH_USERNAME", "elk"), ("LOGSTASH_PASSWORD", "s3cret-Pa55"));
        Assert.Equal("LOGSTASH_URL", error.Variable);
        Assert.Equal("LOGSTASH_URL: is http://, so the basic-auth credentials (LOGSTASH_USERNAME) would cross the network in clear text; " +
                     "use https:// (or set LOGSTASH_ALLOW_HTTP_AUTH=true for a network you trust entirely)", error.Message);
        Assert.DoesNotContain("s3cret-Pa55", error.Message);

        var allowed = Load(("LOGSTASH_URL", "http://logstash.internal:8080/"), ("LOGSTASH_USERNAME", "elk"), ("LOGSTASH_PASSWORD", "p"),
            ("LOGSTASH_ALLOW_HTTP_AUTH", "true"));
        Assert.True(allowed.Logstash!.AllowHttpAuth);
        Assert.NotNull(Load(("LOGSTASH_URL", "https://logstash.internal:8080/"), ("LOGSTASH_USERNAME", "elk"), ("LOGSTASH_PASSWORD", "p")).Logstash);
        Assert.NotNull(Load(("LOGSTASH_URL", "http://logstash.internal:8080/")).Logstash);   // no credentials, nothing to protect
    }

    [Fact]
    public void A_url_with_credentials_is_refused_without_printing_them()
    {
        var error = Refused(("LOGSTASH_URL", "https://elk:s3cret-Pa55@logstash:8080/"));
        Assert.Equal("LOGSTASH_URL: must not carry credentials; use LOGSTASH_USERNAME and LOGSTASH_PASSWORD", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
    }

    [Fact]
    public void A_ca_bundle_file_and_parameter_together_are_refused()
    {
        using var folder = new TempFolder();
        var path = folder.Write("ca.pem", System.Text.Encoding.ASCII.GetBytes(TestCertificates.SelfSignedCaPem()));
        Assert.Equal("LOGSTASH_CA_BUNDLE_PARAMETER: set either LOGSTASH_CA_BUNDLE or LOGSTASH_CA_BUNDLE_PARAMETER, not both",
            Refused(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_CA_BUNDLE", path), ("LOGSTASH_CA_BUNDLE_PARAMETER", "/elb/ca")).Message);
    }

    [Fact]
    public void Password_and_parameter_together_are_refused() =>
        Assert.Equal("LOGSTASH_PASSWORD_PARAMETER", Refused(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_USERNAME", "u"),
            ("LOGSTASH_PASSWORD", "p"), ("LOGSTASH_PASSWORD_PARAMETER", "/x")).Variable);

    [Fact]
    public void Retry_max_delay_below_the_base_delay_is_refused() =>
        Assert.Equal("LOGSTASH_RETRY_MAX_DELAY_SECONDS", Refused(("LOGSTASH_URL", "http://127.0.0.1/"),
            ("LOGSTASH_RETRY_BASE_DELAY_MS", "5000"), ("LOGSTASH_RETRY_MAX_DELAY_SECONDS", "2")).Variable);

    [Fact]
    public void Options_made_in_code_are_validated_with_the_same_ranges()
    {
        var options = new LogstashOptions { Url = new Uri("http://127.0.0.1/"), Senders = 0 };
        Assert.Equal("LOGSTASH_SENDERS: '0' is not a whole number from 1 to 64", Assert.Throws<ConfigurationException>(options.Validate).Message);
        Assert.Equal("DEADLINE_MARGIN_SECONDS", Assert.Throws<ConfigurationException>(new HandOverOptions { DeadlineMarginSeconds = 2 }.Validate).Variable);
    }

    [Fact]
    public void The_password_never_appears_when_options_are_printed()
    {
        var options = Load(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_USERNAME", "elk"), ("LOGSTASH_PASSWORD", "s3cret-Pa55"));
        Assert.Equal("s3cret-Pa55", options.Logstash!.Password!.Reveal());
        Assert.DoesNotContain("s3cret-Pa55", options.ToString());
        Assert.DoesNotContain("s3cret-Pa55", options.Logstash.ToString());
        Assert.Contains("Password = (secret)", options.Logstash.ToString());
    }

    [Fact]
    public void A_pem_ca_bundle_is_read_at_start()
    {
        using var folder = new TempFolder();
        var path = folder.Write("ca.pem", System.Text.Encoding.ASCII.GetBytes(TestCertificates.SelfSignedCaPem()));
        var bundle = Load(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_CA_BUNDLE", path)).Logstash!.TrustedCas!;
        Assert.Single(bundle.Certificates);
        Assert.Equal(path, bundle.Source);
    }

    public static TheoryData<string, byte[], string> BundlesThatAreNotPem => new()
    {
        { "DER", TestCertificates.SelfSignedCaDer(), "holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a DER file" },
        { "text", "just some text\n"u8.ToArray(), "holds no PEM certificate" },
        { "a block that is no certificate", "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n"u8.ToArray(), "has a certificate block that cannot be read" },
        { "a block that is not base64", "-----BEGIN CERTIFICATE-----\nAAAA not base64 !!\n-----END CERTIFICATE-----\n"u8.ToArray(), "holds no PEM certificate" },
        { "empty", [], "holds no PEM certificate" },
    };

    [Theory]
    [MemberData(nameof(BundlesThatAreNotPem))]
    public void A_ca_bundle_that_is_not_pem_is_refused_at_start(string kind, byte[] content, string problem)
    {
        using var folder = new TempFolder();
        var path = folder.Write($"ca-{kind.Replace(' ', '-')}.pem", content);
        var error = Refused(("LOGSTASH_URL", "https://logstash:8080/"), ("LOGSTASH_CA_BUNDLE", path));
        Assert.Equal("LOGSTASH_CA_BUNDLE", error.Variable);
        Assert.StartsWith($"LOGSTASH_CA_BUNDLE: '{path}' ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
