using Moq;
using System.Text.Json;
using ElbLogProcessor.Hosting;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

public class SettingsTests
{
    private static Settings Read(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return Settings.FromEnvironment(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void Defaults_without_any_variable()
    {
        var settings = Read();
        Assert.Null(settings.Logstash);
        Assert.Equal(500, settings.Batches.MaxEvents);
        Assert.Equal(1024 * 1024, settings.Batches.MaxBytes);
        Assert.Equal("ElbLogProcessor", settings.MetricsNamespace);
        Assert.Equal("local", settings.FunctionName);
    }

    [Fact]
    public void Logstash_defaults_and_overrides()
    {
        var defaults = Read(("LOGSTASH_URL", "https://logstash.internal:8080/elb")).Logstash!;
        Assert.Equal(new Uri("https://logstash.internal:8080/elb"), defaults.Url);
        Assert.True(defaults.Gzip);
        Assert.Equal(4, defaults.Senders);
        Assert.Equal(4, defaults.QueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.RequestTimeout);
        Assert.Equal(8, defaults.MaxAttempts);
        Assert.Equal(3, defaults.GiveUpAfterFailedBatches);

        var set = Read(("LOGSTASH_URL", "http://127.0.0.1:8080"), ("LOGSTASH_GZIP", "off"), ("LOGSTASH_SENDERS", "8"),
            ("LOGSTASH_QUEUE_CAPACITY", "16"), ("LOGSTASH_REQUEST_TIMEOUT_SECONDS", "5"), ("LOGSTASH_MAX_ATTEMPTS", "2"),
            ("LOGSTASH_RETRY_BASE_DELAY_MS", "250"), ("LOGSTASH_RETRY_MAX_DELAY_SECONDS", "4"),
            ("LOGSTASH_USERNAME", "u"), ("LOGSTASH_PASSWORD", "p"), ("BATCH_MAX_EVENTS", "50"), ("BATCH_MAX_BYTES", "65536"))
            ;
        var o = set.Logstash!;
        Assert.False(o.Gzip);
        Assert.Equal((8, 16, 5.0, 2, 250.0, 4.0), (o.Senders, o.QueueCapacity, o.RequestTimeout.TotalSeconds, o.MaxAttempts,
            o.RetryBaseDelay.TotalMilliseconds, o.RetryMaxDelay.TotalSeconds));
        Assert.Equal(("u", "p"), (o.Username, o.Password));
        Assert.Equal((50, 65536), (set.Batches.MaxEvents, set.Batches.MaxBytes));
    }

    [Theory]
    [InlineData("LOGSTASH_URL", "not a url")]
    [InlineData("LOGSTASH_URL", "ftp://logstash/")]
    [InlineData("LOGSTASH_URL", "http://user:pass@logstash:8080/")]
    [InlineData("LOGSTASH_SENDERS", "0")]
    [InlineData("LOGSTASH_SENDERS", "four")]
    [InlineData("LOGSTASH_QUEUE_CAPACITY", "-1")]
    [InlineData("LOGSTASH_GZIP", "maybe")]
    [InlineData("LOGSTASH_MAX_ATTEMPTS", "1000")]
    [InlineData("LOGSTASH_REQUEST_TIMEOUT_SECONDS", "1.5")]
    [InlineData("LOGSTASH_CA_BUNDLE", "/nonexistent/ca.pem")]
    [InlineData("BATCH_MAX_EVENTS", "0")]
    [InlineData("BATCH_MAX_BYTES", "12")]
    public void Invalid_values_name_their_variable(string variable, string value)
    {
        var variables = new List<(string, string)> { (variable, value) };
        if (variable != "LOGSTASH_URL") variables.Add(("LOGSTASH_URL", "http://127.0.0.1:8080/"));
        var error = Assert.Throws<ConfigurationException>(() => Read([.. variables]));
        Assert.Equal(variable, error.Variable);
        Assert.StartsWith(variable + ":", error.Message);
        if (variable == "LOGSTASH_URL") Assert.DoesNotContain("pass@", error.Message);
    }

    [Theory]
    [InlineData("LOGSTASH_USERNAME", "LOGSTASH_PASSWORD")]
    [InlineData("LOGSTASH_PASSWORD", "LOGSTASH_USERNAME")]
    public void Basic_auth_half_configured_names_the_missing_variable(string given, string missing) =>
        Assert.Equal(missing, Assert.Throws<ConfigurationException>(() =>
            Read(("LOGSTASH_URL", "http://127.0.0.1/"), (given, "x"))).Variable);

    [Fact]
    public void Retry_max_delay_below_the_base_delay_is_refused() =>
        Assert.Equal("LOGSTASH_RETRY_MAX_DELAY_SECONDS", Assert.Throws<ConfigurationException>(() => Read(
            ("LOGSTASH_URL", "http://127.0.0.1/"), ("LOGSTASH_RETRY_BASE_DELAY_MS", "5000"), ("LOGSTASH_RETRY_MAX_DELAY_SECONDS", "2"))).Variable);

    [Fact]
    public async Task Process_stops_at_start_with_the_variable_named()
    {
        var (exitCode, events, diagnostics, _) = await ProcessCommandTests.Run(
            name => name == "LOGSTASH_SENDERS" ? "lots" : name == "LOGSTASH_URL" ? "http://127.0.0.1:1/" : null,
            "process", "whatever.log");
        Assert.Equal(2, exitCode);
        Assert.Empty(events);
        Assert.Contains("configuration error: LOGSTASH_SENDERS", diagnostics);
    }
}

public class SummaryTests
{
    [Fact]
    public void Embedded_metric_format_carries_the_same_counts()
    {
        var summary = new RunSummary();
        summary.RecordLine(ElbLogProcessor.Events.LineOutcome.Classic);
        summary.RecordLine(ElbLogProcessor.Events.LineOutcome.Malformed);
        summary.RecordLine(ElbLogProcessor.Events.LineOutcome.Blank);
        summary.RecordAttempt("503");
        summary.RecordRetry();
        summary.RecordAttempt("200");
        summary.RecordDelivered(1, 321);
        summary.RecordUndelivered(1, "HTTP 400 Bad Request");
        summary.RecordSourceDone(1000, completed: true);

        var emf = JsonDocument.Parse(summary.ToEmbeddedMetricsJson("ElbLogs", "my-function")).RootElement;
        var directive = emf.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("ElbLogs", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["FunctionName"], directive.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()));
        Assert.True(emf.GetProperty("_aws").GetProperty("Timestamp").GetInt64() > 1_700_000_000_000);
        Assert.Equal("my-function", emf.GetProperty("FunctionName").GetString());
        foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
            Assert.True(emf.TryGetProperty(metric.GetProperty("Name").GetString()!, out _), metric.ToString());
        Assert.Equal((3, 2, 1, 1, 1, 1, 1000, 321), (emf.GetProperty("Lines").GetInt32(), emf.GetProperty("Events").GetInt32(),
            emf.GetProperty("Malformed").GetInt32(), emf.GetProperty("EventsSent").GetInt32(), emf.GetProperty("EventsFailed").GetInt32(),
            emf.GetProperty("Retries").GetInt32(), emf.GetProperty("BytesRead").GetInt32(), emf.GetProperty("BytesSent").GetInt32()));

        var json = JsonDocument.Parse(summary.ToJson()).RootElement;
        Assert.Equal(2, json.GetProperty("Requests").GetInt64());
        Assert.Equal(1, json.GetProperty("HttpStatuses").GetProperty("503").GetInt64());
        Assert.Equal("1 events not delivered: HTTP 400 Bad Request", json.GetProperty("LastFailures")[0].GetString());
    }

    [Fact]
    public void Only_the_last_five_failures_are_kept()
    {
        var summary = new RunSummary();
        for (int i = 1; i <= 8; i++) summary.RecordFailure($"failure {i}");
        Assert.Equal(["failure 4", "failure 5", "failure 6", "failure 7", "failure 8"], summary.LastFailures);
    }
}

public class SecretSettingsTests
{
    [Fact]
    public async Task The_password_comes_from_the_ssm_parameter()
    {
        var variables = new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = "https://logstash:8080/", ["LOGSTASH_USERNAME"] = "elk", ["LOGSTASH_PASSWORD_PARAMETER"] = "/elb/logstash-password",
        };
        var settings = Settings.FromEnvironment(name => variables.GetValueOrDefault(name));
        Assert.Null(settings.Logstash!.Password);
        var ssm = new Moq.Mock<Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement>();
        ssm.Setup(s => s.GetParameterAsync(Moq.It.Is<Amazon.SimpleSystemsManagement.Model.GetParameterRequest>(
                r => r.Name == "/elb/logstash-password" && r.WithDecryption == true), Moq.It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Amazon.SimpleSystemsManagement.Model.GetParameterResponse
            {
                Parameter = new Amazon.SimpleSystemsManagement.Model.Parameter { Value = "from-ssm" },
            });

        var resolved = await settings.WithSecretsAsync(ssm.Object, CancellationToken.None);
        Assert.Equal(("elk", "from-ssm"), (resolved.Logstash!.Username, resolved.Logstash.Password));
    }

    [Fact]
    public async Task An_unreadable_parameter_is_a_configuration_error_naming_it()
    {
        var variables = new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = "https://logstash:8080/", ["LOGSTASH_USERNAME"] = "elk", ["LOGSTASH_PASSWORD_PARAMETER"] = "/missing",
        };
        var ssm = new Moq.Mock<Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement>();
        ssm.Setup(s => s.GetParameterAsync(Moq.It.IsAny<Amazon.SimpleSystemsManagement.Model.GetParameterRequest>(), Moq.It.IsAny<CancellationToken>()))
            .ThrowsAsync(new Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException("not found"));
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            Settings.FromEnvironment(name => variables.GetValueOrDefault(name)).WithSecretsAsync(ssm.Object, CancellationToken.None));
        Assert.Equal("LOGSTASH_PASSWORD_PARAMETER", error.Variable);
    }

    [Fact]
    public void Password_and_parameter_together_are_refused() =>
        Assert.Equal("LOGSTASH_PASSWORD_PARAMETER", Assert.Throws<ConfigurationException>(() => Settings.FromEnvironment(name => name switch
        {
            "LOGSTASH_URL" => "https://logstash:8080/", "LOGSTASH_USERNAME" => "u", "LOGSTASH_PASSWORD" => "p",
            "LOGSTASH_PASSWORD_PARAMETER" => "/x", _ => null,
        })).Variable);
}

public class SettingsLoadTests
{
    [Fact]
    public async Task Load_reads_the_secret_only_when_a_parameter_is_named()
    {
        int made = 0;
        var ssm = new Mock<Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement>();
        ssm.Setup(s => s.GetParameterAsync(It.IsAny<Amazon.SimpleSystemsManagement.Model.GetParameterRequest>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Amazon.SimpleSystemsManagement.Model.GetParameterResponse
            {
                Parameter = new Amazon.SimpleSystemsManagement.Model.Parameter { Value = "pw" },
            });
        Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement Factory()
        {
            made++;
            return ssm.Object;
        }

        var plain = await Settings.LoadAsync(name => name == "LOGSTASH_URL" ? "http://127.0.0.1/" : null, Factory, CancellationToken.None);
        Assert.Equal(0, made);
        Assert.Null(plain.Logstash!.Password);

        var withSecret = await Settings.LoadAsync(name => name switch
        {
            "LOGSTASH_URL" => "http://127.0.0.1/", "LOGSTASH_USERNAME" => "u", "LOGSTASH_PASSWORD_PARAMETER" => "/p", _ => null,
        }, Factory, CancellationToken.None);
        Assert.Equal(1, made);
        Assert.Equal("pw", withSecret.Logstash!.Password);
    }
}
