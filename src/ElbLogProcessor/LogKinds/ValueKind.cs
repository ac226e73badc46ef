namespace ElbLogProcessor.LogKinds;

/// <summary>What a log field's value is: how a line is checked (numbers must be numbers) and how each schema writes it.</summary>
internal enum ValueKind
{
    /// <summary>A string, sent as written (quotes and escapes removed).</summary>
    Text,

    /// <summary>An ISO 8601 time, as written (NLB's have no zone).</summary>
    Timestamp,

    /// <summary><c>ip:port</c> (<c>[ip]:port</c> for IPv6) in one field, as access logs write an endpoint.</summary>
    Endpoint,

    /// <summary>An IP address; when a <see cref="Port"/> field follows, the two are one endpoint (connection logs).</summary>
    Ip,

    /// <summary>The port of the <see cref="Ip"/> field before it (checked as an integer; the <c>elb</c> schema sends it with the address).</summary>
    Port,

    /// <summary>Seconds in the log (<c>-1</c> means "no value"); the <c>elb</c> schema sends milliseconds.</summary>
    Seconds,

    /// <summary>Milliseconds in the log (NLB), sent unchanged as a number.</summary>
    Milliseconds,

    /// <summary>A byte count or port: an integer.</summary>
    Integer,

    /// <summary>The HTTP request line, <c>GET http://host/path HTTP/1.1</c> (<c>- - - </c> for TCP and SSL listeners).</summary>
    RequestLine,

    /// <summary><c>NotBefore=...;NotAfter=...</c> of a client certificate.</summary>
    CertificateValidity,

    /// <summary>A target: <c>ip:port</c>, or a Lambda function's ARN.</summary>
    Target,
}
