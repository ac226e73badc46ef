using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Configuration;

/// <summary>
/// How batches reach the Logstash HTTP input. Defaults suit a Logstash with default settings.
/// Each whole-number option declares its variable and range here; <see cref="Validate"/>
/// checks an instance however it was made (environment or code).
/// </summary>
internal sealed record LogstashOptions
{
    public const string UrlVariable = "LOGSTASH_URL";
    public const string UsernameVariable = "LOGSTASH_USERNAME";
    public const string PasswordVariable = "LOGSTASH_PASSWORD";
    public const string PasswordParameterVariable = "LOGSTASH_PASSWORD_PARAMETER";
    public const string CaBundleVariable = "LOGSTASH_CA_BUNDLE";
    public const string CaBundleParameterVariable = "LOGSTASH_CA_BUNDLE_PARAMETER";
    public const string AllowHttpAuthVariable = "LOGSTASH_ALLOW_HTTP_AUTH";
    public const string GzipVariable = "LOGSTASH_GZIP";

    public static readonly IntSetting SendersSetting = new("LOGSTASH_SENDERS", 4, 1, 64);
    public static readonly IntSetting QueueCapacitySetting = new("LOGSTASH_QUEUE_CAPACITY", 4, 1, 256);
    public static readonly IntSetting RequestTimeoutSecondsSetting = new("LOGSTASH_REQUEST_TIMEOUT_SECONDS", 30, 1, 900);
    public static readonly IntSetting MaxAttemptsSetting = new("LOGSTASH_MAX_ATTEMPTS", 8, 1, 100);
    public static readonly IntSetting RetryBaseDelayMsSetting = new("LOGSTASH_RETRY_BASE_DELAY_MS", 1000, 1, 600_000);
    public static readonly IntSetting RetryMaxDelaySecondsSetting = new("LOGSTASH_RETRY_MAX_DELAY_SECONDS", 30, 1, 900);
    public static readonly IntSetting GiveUpAfterFailedBatchesSetting = new("LOGSTASH_GIVE_UP_AFTER_FAILED_BATCHES", 3, 0, 10_000);

    public required Uri Url { get; init; }

    /// <summary>Basic auth user; set together with a password (or its SSM parameter).</summary>
    public string? Username { get; init; }

    public Secret? Password { get; init; }

    /// <summary>SSM SecureString holding the password, read once at start instead of <see cref="Password"/>.</summary>
    public string? PasswordParameter { get; init; }

    /// <summary>Extra CAs to trust (private CAs). Certificate validation is never switched off.</summary>
    public TrustedCaBundle? TrustedCas { get; init; }

    /// <summary>SSM parameter holding the PEM of <see cref="TrustedCas"/>, read once at start instead of a file.</summary>
    public string? CaBundleParameter { get; init; }

    /// <summary>Basic-auth credentials may cross a plain http:// connection (an explicit, clearly named opt-in).</summary>
    public bool AllowHttpAuth { get; init; }

    /// <summary>Send bodies with <c>Content-Encoding: gzip</c> (the input decompresses them).</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>Concurrent requests; also the connection pool's size.</summary>
    public int Senders { get; init; } = SendersSetting.Default;

    /// <summary>Sealed batches waiting for a sender; when full, reading waits.</summary>
    public int QueueCapacity { get; init; } = QueueCapacitySetting.Default;

    /// <summary>Limit of one HTTP attempt, connection to response.</summary>
    public int RequestTimeoutSeconds { get; init; } = RequestTimeoutSecondsSetting.Default;

    /// <summary>Attempts per batch, the first included.</summary>
    public int MaxAttempts { get; init; } = MaxAttemptsSetting.Default;

    /// <summary>First retry delay; it doubles per retry (with jitter) up to the maximum delay.</summary>
    public int RetryBaseDelayMs { get; init; } = RetryBaseDelayMsSetting.Default;

    /// <summary>Cap of one retry delay, also of a <c>Retry-After</c> the server asks for.</summary>
    public int RetryMaxDelaySeconds { get; init; } = RetryMaxDelaySecondsSetting.Default;

    /// <summary>
    /// After this many batches in a row have failed every attempt, the rest of the run fails
    /// fast instead of waiting out each batch's retries (a Logstash that is down for good).
    /// A delivered batch starts the count again. 0: never give up early.
    /// </summary>
    public int GiveUpAfterFailedBatches { get; init; } = GiveUpAfterFailedBatchesSetting.Default;

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);
    public TimeSpan RetryBaseDelay => TimeSpan.FromMilliseconds(RetryBaseDelayMs);
    public TimeSpan RetryMaxDelay => TimeSpan.FromSeconds(RetryMaxDelaySeconds);

    /// <summary>Basic auth is configured (the password itself may still come from SSM).</summary>
    public bool UsesBasicAuth => Username is not null;

    public void Validate()
    {
        ValidateSettings();
        ValidateUrl();
    }

    private void ValidateUrl()
    {
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
            throw new ConfigurationException(UrlVariable, "must be an absolute http:// or https:// URL");
        if (Url.UserInfo.Length > 0)
            throw new ConfigurationException(UrlVariable, $"must not carry credentials; use {UsernameVariable} and {PasswordVariable}");
        if (UsesBasicAuth && Url.Scheme == Uri.UriSchemeHttp && !AllowHttpAuth)
            throw new ConfigurationException(UrlVariable,
                $"is http://, so the basic-auth credentials ({UsernameVariable}) would cross the network in clear text; use https:// " +
                $"(or set {AllowHttpAuthVariable}=true for a network you trust entirely)");
    }

    /// <summary>
    /// Everything but the URL: checked also when <c>LOGSTASH_URL</c> is not set (events then go to stdout), so that a
    /// setting that is wrong is said at once, not on the day the URL is added.
    /// </summary>
    public void ValidateSettings()
    {
        if (Password is not null && PasswordParameter is not null)
            throw new ConfigurationException(PasswordParameterVariable, $"set either {PasswordVariable} or {PasswordParameterVariable}, not both");
        bool hasPassword = Password is not null || PasswordParameter is not null;
        if (Username is null == hasPassword)
            throw new ConfigurationException(Username is null ? UsernameVariable : PasswordVariable,
                $"basic auth needs {UsernameVariable} and {PasswordVariable} (or {PasswordParameterVariable})");
        if (TrustedCas is not null && CaBundleParameter is not null)
            throw new ConfigurationException(CaBundleParameterVariable, $"set either {CaBundleVariable} or {CaBundleParameterVariable}, not both");

        SendersSetting.Check(Senders);
        QueueCapacitySetting.Check(QueueCapacity);
        RequestTimeoutSecondsSetting.Check(RequestTimeoutSeconds);
        MaxAttemptsSetting.Check(MaxAttempts);
        RetryBaseDelayMsSetting.Check(RetryBaseDelayMs);
        RetryMaxDelaySecondsSetting.Check(RetryMaxDelaySeconds);
        GiveUpAfterFailedBatchesSetting.Check(GiveUpAfterFailedBatches);
        if (RetryMaxDelay < RetryBaseDelay)
            throw new ConfigurationException(RetryMaxDelaySecondsSetting.Variable, $"must not be below {RetryBaseDelayMsSetting.Variable}");
    }
}
