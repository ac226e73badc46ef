using System.Globalization;
using ElbLogProcessor.Events;
using ElbLogProcessor.Shipping;

namespace ElbLogProcessor.Hosting;

/// <summary>A configuration value is missing or invalid; the message names the variable.</summary>
public sealed class ConfigurationException(string variable, string problem)
    : Exception($"{variable}: {problem}")
{
    public string Variable { get; } = variable;
}

/// <summary>
/// Everything configurable, read from environment variables and validated once at start
/// (README, Configuration). An invalid value stops the start with a message naming it.
/// </summary>
public sealed record Settings(
    EventEnvelope Envelope,
    BatchLimits Batches,
    LogstashOptions? Logstash,
    string MetricsNamespace,
    string FunctionName)
{
    public const string DefaultMetricsNamespace = "ElbLogProcessor";

    /// <summary>SQS queue for continuation messages when time runs out (CONTINUATION_QUEUE_URL).</summary>
    public string? ContinuationQueueUrl { get; init; }

    /// <summary>Reading stops this long before the invocation's deadline, to flush and hand over (DEADLINE_MARGIN_SECONDS).</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>SSM SecureString holding the Logstash password (LOGSTASH_PASSWORD_PARAMETER), read at start.</summary>
    public string? LogstashPasswordParameter { get; init; }

    /// <summary>S3-compatible endpoint (AWS_ENDPOINT_URL_S3), addressed path-style.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>
    /// <see cref="FromEnvironment"/>, then the Logstash password from SSM when
    /// LOGSTASH_PASSWORD_PARAMETER names one (the client is made only then).
    /// </summary>
    public static async Task<Settings> LoadAsync(Func<string, string?> get,
        Func<Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement>? ssmFactory, CancellationToken cancellationToken)
    {
        var settings = FromEnvironment(get);
        if (settings.LogstashPasswordParameter is null || settings.Logstash is null) return settings;
        var ssm = ssmFactory?.Invoke() ?? new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementClient();
        try
        {
            return await settings.WithSecretsAsync(ssm, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (ssmFactory is null) ssm.Dispose();
        }
    }

    public static Settings FromEnvironment(Func<string, string?> get)
    {
        var read = new Reader(get);
        var batches = new BatchLimits(
            read.Int("BATCH_MAX_EVENTS", BatchLimits.DefaultMaxEvents, 1, 100_000),
            read.Int("BATCH_MAX_BYTES", BatchLimits.DefaultMaxBytes, 1024, 64 * 1024 * 1024));

        return new Settings(
            EventEnvelope.FromEnvironment(get),
            batches,
            ReadLogstash(read),
            read.Text("METRICS_NAMESPACE") ?? DefaultMetricsNamespace,
            read.Text("AWS_LAMBDA_FUNCTION_NAME") ?? "local")
        {
            ContinuationQueueUrl = read.Url("CONTINUATION_QUEUE_URL")?.ToString(),
            DeadlineMargin = TimeSpan.FromSeconds(read.Int("DEADLINE_MARGIN_SECONDS", 30, 1, 600)),
            S3Endpoint = read.Url("AWS_ENDPOINT_URL_S3"),
            LogstashPasswordParameter = read.Text("LOGSTASH_PASSWORD_PARAMETER"),
        };
    }

    /// <summary>
    /// Fills the Logstash password from the SSM SecureString named by LOGSTASH_PASSWORD_PARAMETER,
    /// when one is named; a missing or unreadable parameter is a configuration error naming it.
    /// </summary>
    public async Task<Settings> WithSecretsAsync(Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement ssm,
        CancellationToken cancellationToken)
    {
        if (LogstashPasswordParameter is null || Logstash is null) return this;
        try
        {
            var response = await ssm.GetParameterAsync(new Amazon.SimpleSystemsManagement.Model.GetParameterRequest
            {
                Name = LogstashPasswordParameter, WithDecryption = true,
            }, cancellationToken).ConfigureAwait(false);
            return this with { Logstash = Logstash with { Password = response.Parameter.Value } };
        }
        catch (Amazon.Runtime.AmazonServiceException e)
        {
            throw new ConfigurationException("LOGSTASH_PASSWORD_PARAMETER", $"cannot read '{LogstashPasswordParameter}': {e.Message}");
        }
    }

    private static LogstashOptions? ReadLogstash(Reader read)
    {
        var urlText = read.Text("LOGSTASH_URL");
        if (urlText is null) return null;
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ConfigurationException("LOGSTASH_URL", "must be an absolute http:// or https:// URL");
        if (url.UserInfo.Length > 0)
            throw new ConfigurationException("LOGSTASH_URL", "must not carry credentials; use LOGSTASH_USERNAME and LOGSTASH_PASSWORD");

        var username = read.Text("LOGSTASH_USERNAME");
        var password = read.Text("LOGSTASH_PASSWORD");
        var passwordParameter = read.Text("LOGSTASH_PASSWORD_PARAMETER");
        if (password is not null && passwordParameter is not null)
            throw new ConfigurationException("LOGSTASH_PASSWORD_PARAMETER", "set either LOGSTASH_PASSWORD or LOGSTASH_PASSWORD_PARAMETER, not both");
        bool hasPassword = password is not null || passwordParameter is not null;
        if (username is null == hasPassword)
            throw new ConfigurationException(username is null ? "LOGSTASH_USERNAME" : "LOGSTASH_PASSWORD",
                "basic auth needs LOGSTASH_USERNAME and LOGSTASH_PASSWORD (or LOGSTASH_PASSWORD_PARAMETER)");

        var caBundle = read.Text("LOGSTASH_CA_BUNDLE");
        if (caBundle is not null && !File.Exists(caBundle))
            throw new ConfigurationException("LOGSTASH_CA_BUNDLE", $"no file at '{caBundle}'");

        var defaults = new LogstashOptions { Url = url };
        var options = defaults with
        {
            Username = username,
            Password = password,
            CaBundlePath = caBundle,
            Gzip = read.Bool("LOGSTASH_GZIP", defaults.Gzip),
            Senders = read.Int("LOGSTASH_SENDERS", defaults.Senders, 1, 64),
            QueueCapacity = read.Int("LOGSTASH_QUEUE_CAPACITY", defaults.QueueCapacity, 1, 256),
            RequestTimeout = TimeSpan.FromSeconds(read.Int("LOGSTASH_REQUEST_TIMEOUT_SECONDS", (int)defaults.RequestTimeout.TotalSeconds, 1, 900)),
            MaxAttempts = read.Int("LOGSTASH_MAX_ATTEMPTS", defaults.MaxAttempts, 1, 100),
            RetryBaseDelay = TimeSpan.FromMilliseconds(read.Int("LOGSTASH_RETRY_BASE_DELAY_MS", (int)defaults.RetryBaseDelay.TotalMilliseconds, 1, 600_000)),
            RetryMaxDelay = TimeSpan.FromSeconds(read.Int("LOGSTASH_RETRY_MAX_DELAY_SECONDS", (int)defaults.RetryMaxDelay.TotalSeconds, 1, 900)),
            GiveUpAfterFailedBatches = read.Int("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", defaults.GiveUpAfterFailedBatches, 0, 10_000),
        };
        if (options.RetryMaxDelay < options.RetryBaseDelay)
            throw new ConfigurationException("LOGSTASH_RETRY_MAX_DELAY_SECONDS", "must not be below LOGSTASH_RETRY_BASE_DELAY_MS");
        return options;
    }

    private sealed class Reader(Func<string, string?> get)
    {
        public string? Text(string name) => get(name) is { Length: > 0 } value ? value.Trim() : null;

        public int Int(string name, int defaultValue, int min, int max)
        {
            var text = Text(name);
            if (text is null) return defaultValue;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw new ConfigurationException(name, $"'{text}' is not a whole number from {min} to {max}");
            return value;
        }

        public Uri? Url(string name)
        {
            var text = Text(name);
            if (text is null) return null;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                throw new ConfigurationException(name, "must be an absolute http:// or https:// URL");
            return url;
        }

        public bool Bool(string name, bool defaultValue) => Text(name)?.ToLowerInvariant() switch
        {
            null => defaultValue,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            var other => throw new ConfigurationException(name, $"'{other}' is not true or false"),
        };
    }
}
