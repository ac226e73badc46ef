namespace ElbLogProcessor.Parsing;

/// <summary>The log formats this function reads, as told apart line by line.</summary>
internal enum LogFormat
{
    /// <summary>The line starts no known format.</summary>
    Unknown = 0,

    /// <summary>Classic Load Balancer access log.</summary>
    Classic,

    /// <summary>Application Load Balancer access log.</summary>
    Application,

    /// <summary>Network Load Balancer access log (TLS listeners).</summary>
    Network,

    /// <summary>Application Load Balancer connection log (TLS handshakes, mutual TLS).</summary>
    Connection,

    /// <summary>Application Load Balancer health check log.</summary>
    HealthCheck,
}
