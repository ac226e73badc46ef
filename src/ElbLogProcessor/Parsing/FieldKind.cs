namespace ElbLogProcessor.Parsing;

/// <summary>What a log field holds, which decides how it is checked and how it becomes a JSON value.</summary>
internal enum FieldKind
{
    /// <summary>A string, sent as written (quotes and escapes removed).</summary>
    Text,

    /// <summary>Seconds in the log, milliseconds in JSON; <c>-1</c> means "no value".</summary>
    Seconds,

    /// <summary>Milliseconds in the log (NLB), sent unchanged as a number.</summary>
    Milliseconds,

    /// <summary>A byte count or port: a JSON integer.</summary>
    Integer,

    /// <summary>The HTTP request line: <c>FullRequest</c> plus its method, URL and protocol.</summary>
    Request,

    /// <summary>A client IP whose port is the next field: sent together as one <c>ip:port</c> (<c>[ip]:port</c> for IPv6).</summary>
    IpBeforePort,

    /// <summary>The port of the field before (an integer); sent with it, never alone.</summary>
    PortAfterIp,

    /// <summary><c>NotBefore=...;NotAfter=...</c>: sent as two timestamps, or as written when it does not split.</summary>
    CertificateValidity,

    /// <summary>A target: <c>ip:port</c>, or a Lambda function's ARN, sent under a name saying which.</summary>
    TargetAddress,
}
