using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Configuration;

/// <summary>
/// Everything configurable (README, Configuration), read from environment variables in one
/// place, <see cref="Load"/>, and validated there: an invalid value stops the start with one
/// message naming the variable. Secrets held here print as <c>(secret)</c>.
/// </summary>
internal sealed record FunctionOptions
{
    public const string DefaultMetricsNamespace = "ElbLogProcessor";
    public const string EmitMetricsVariable = "EMIT_METRICS";

    public EnvelopeOptions Envelope { get; init; } = new();

    /// <summary>The event schema (EVENT_SCHEMA) and the ECS schema's settings.</summary>
    public EcsOptions Events { get; init; } = new();
    public BatchOptions Batches { get; init; } = new();

    /// <summary>Lines left out before they become events (DROP_WHEN, SAMPLE_WHEN).</summary>
    public FilterOptions Filters { get; init; } = new();

    /// <summary>Null: no Logstash is configured, events are written as NDJSON (local runs only).</summary>
    public LogstashOptions? Logstash { get; init; }

    public HandOverOptions HandOver { get; init; } = new();
    public AwsOptions Aws { get; init; } = new();

    /// <summary>CloudWatch namespace of the embedded metrics (METRICS_NAMESPACE).</summary>
    public string MetricsNamespace { get; init; } = DefaultMetricsNamespace;

    /// <summary>
    /// Write the summary's CloudWatch Embedded Metric Format twin (EMIT_METRICS): by default only in Lambda, where
    /// CloudWatch turns it into metrics; elsewhere it is a line of JSON no one reads.
    /// </summary>
    public bool EmitMetrics { get; init; }

    /// <summary>The metrics' <c>FunctionName</c> dimension: Lambda's AWS_LAMBDA_FUNCTION_NAME, <c>local</c> elsewhere.</summary>
    public string FunctionName { get; init; } = "local";

    public static FunctionOptions Load(Func<string, string?> getVariable)
    {
        var read = new EnvironmentReader(getVariable);
        var options = new FunctionOptions
        {
            Envelope = new EnvelopeOptions
            {
                Type = read.Text("EVENT_TYPE") ?? EnvelopeOptions.DefaultType,
                SourceModuleName = read.Text("SOURCE_MODULE_NAME") ?? EnvelopeOptions.DefaultSourceModuleName,
                Component = read.Text("COMPONENT"),
                Environment = read.Text("ENVIRONMENT"),
                Application = read.Text("APPLICATION"),
            },
            Events = new EcsOptions
            {
                Schema = EcsOptions.ParseSchema(read.Text(EcsOptions.SchemaVariable)),
                DataStreamNamespace = EcsOptions.ParseNamespace(read.Text(EcsOptions.NamespaceVariable)),
                PreserveOriginal = read.Bool(EcsOptions.PreserveOriginalVariable, defaultValue: false),
            },
            Batches = new BatchOptions
            {
                MaxEvents = read.Int(BatchOptions.MaxEventsSetting),
                MaxBytes = read.Int(BatchOptions.MaxBytesSetting),
                MaxLineBytes = read.Int(BatchOptions.MaxLineBytesSetting),
            },
            Filters = FilterOptions.Parse(read.Text(FilterOptions.DropVariable), read.Text(FilterOptions.SampleVariable)),
            Logstash = LoadLogstash(read),
            HandOver = new HandOverOptions
            {
                DeadlineMarginSeconds = read.Int(HandOverOptions.DeadlineMarginSecondsSetting),
                QueueUrl = read.HttpUrl(HandOverOptions.QueueUrlVariable),
            },
            Aws = new AwsOptions
            {
                S3Endpoint = read.HttpUrl(AwsOptions.S3EndpointVariable),
                SqsEndpoint = read.HttpUrl(AwsOptions.SqsEndpointVariable),
                LogBuckets = AwsOptions.ParseLogBuckets(read.Text(AwsOptions.LogBucketsVariable)),
                LogAccounts = AwsOptions.ParseLogAccounts(read.Text(AwsOptions.LogAccountsVariable)),
            },
            MetricsNamespace = read.Text("METRICS_NAMESPACE") ?? DefaultMetricsNamespace,
            EmitMetrics = read.Bool(EmitMetricsVariable, defaultValue: read.Text("AWS_LAMBDA_RUNTIME_API") is not null),
            FunctionName = read.Text("AWS_LAMBDA_FUNCTION_NAME") ?? "local",
        };
        options.Validate();
        return options;
    }

    public void Validate()
    {
        Batches.Validate();
        Logstash?.Validate();
        HandOver.Validate();
    }

    /// <summary>The Logstash settings; null when LOGSTASH_URL is not set, after the other LOGSTASH_* variables were checked all the same.</summary>
    private static LogstashOptions? LoadLogstash(EnvironmentReader read)
    {
        var url = read.HttpUrl(LogstashOptions.UrlVariable);
        var caBundlePath = read.Text(LogstashOptions.CaBundleVariable);
        var options = new LogstashOptions
        {
            Url = url ?? new Uri("https://logstash-url-not-set.invalid/"),
            Username = read.Text(LogstashOptions.UsernameVariable),
            Password = read.Text(LogstashOptions.PasswordVariable) is { } password ? new Secret(password) : null,
            PasswordParameter = read.Text(LogstashOptions.PasswordParameterVariable),
            TrustedCas = caBundlePath is null ? null : ReadCaBundle(caBundlePath),
            CaBundleParameter = read.Text(LogstashOptions.CaBundleParameterVariable),
            AllowHttpAuth = read.Bool(LogstashOptions.AllowHttpAuthVariable, defaultValue: false),
            Gzip = read.Bool(LogstashOptions.GzipVariable, defaultValue: true),
            Senders = read.Int(LogstashOptions.SendersSetting),
            QueueCapacity = read.Int(LogstashOptions.QueueCapacitySetting),
            RequestTimeoutSeconds = read.Int(LogstashOptions.RequestTimeoutSecondsSetting),
            MaxAttempts = read.Int(LogstashOptions.MaxAttemptsSetting),
            RetryBaseDelayMs = read.Int(LogstashOptions.RetryBaseDelayMsSetting),
            RetryMaxDelaySeconds = read.Int(LogstashOptions.RetryMaxDelaySecondsSetting),
            GiveUpAfterFailedBatches = read.Int(LogstashOptions.GiveUpAfterFailedBatchesSetting),
        };
        if (url is not null) return options;
        options.ValidateSettings();
        return null;
    }

    private static TrustedCaBundle ReadCaBundle(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(LogstashOptions.CaBundleVariable,
                e is FileNotFoundException or DirectoryNotFoundException ? $"no file at '{path}'" : $"cannot read '{path}': {e.Message}", e);
        }

        return TrustedCaBundle.FromPem(LogstashOptions.CaBundleVariable, path, pem);
    }
}
