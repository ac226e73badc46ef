namespace ElbLogProcessor.TestServers;

/// <summary>What the server does with one request instead of accepting it.</summary>
public enum Fault
{
    None,
    /// <summary>429, as when the input's queue is full.</summary>
    TooManyRequests,
    /// <summary>429 and the connection closed, as when the pipeline has been blocked for over 10 s.</summary>
    TooManyRequestsAndClose,
    ServiceUnavailable,
    InternalError,
    /// <summary>The connection is cut without an answer.</summary>
    Drop,
}
