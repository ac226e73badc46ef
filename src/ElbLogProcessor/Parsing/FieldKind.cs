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

    /// <summary>A byte count: a JSON integer.</summary>
    Integer,

    /// <summary>The HTTP request line: <c>FullRequest</c> plus its method, URL and protocol.</summary>
    Request,
}
