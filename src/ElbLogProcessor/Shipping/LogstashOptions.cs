namespace ElbLogProcessor.Shipping;

/// <summary>How batches reach the Logstash HTTP input. Defaults suit a Logstash with default settings.</summary>
public sealed record LogstashOptions
{
    public required Uri Url { get; init; }

    /// <summary>Basic auth user; set together with <see cref="Password"/>.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>PEM file of extra CA certificates to trust (private CAs). Validation is never switched off.</summary>
    public string? CaBundlePath { get; init; }

    /// <summary>Send bodies with <c>Content-Encoding: gzip</c> (the input decompresses them).</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>Concurrent requests; also the connection pool's size.</summary>
    public int Senders { get; init; } = 4;

    /// <summary>Sealed batches waiting for a sender; when full, reading waits.</summary>
    public int QueueCapacity { get; init; } = 4;

    /// <summary>Limit of one HTTP attempt, connection to response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per batch, the first included.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>First retry delay; it doubles per retry (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of one retry delay, also of a <c>Retry-After</c> the server asks for.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After this many batches in a row failed every attempt, the rest of the run fails fast
    /// instead of waiting out the retries of each batch (a Logstash that is down for good).
    /// </summary>
    public int GiveUpAfterFailedBatches { get; init; } = 3;
}
