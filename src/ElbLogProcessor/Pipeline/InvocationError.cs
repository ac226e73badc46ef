namespace ElbLogProcessor.Pipeline;

/// <summary>
/// Why an invocation failed: the error type Lambda records (and its metrics, logs and on-failure records show), so the
/// member names are a contract (docs/operations.md).
/// </summary>
internal enum InvocationError
{
    /// <summary>The event is of no shape this function reads: retrying cannot help.</summary>
    UnsupportedEvent,

    /// <summary>A local run stopped on request (Ctrl+C, SIGTERM) before every object was read.</summary>
    Interrupted,

    /// <summary>Time ran out before a single line was read: handing over would loop.</summary>
    NoProgress,

    /// <summary>Some events were not delivered to Logstash.</summary>
    EventsNotDelivered,

    /// <summary>An object could not be read to its end (missing, access denied, corrupt, not a log).</summary>
    ObjectsNotRead,

    /// <summary>Time ran out and there is no hand-over queue (CONTINUATION_QUEUE_URL).</summary>
    TimeRanOut,

    /// <summary>Time ran out and the hand-over could not be sent to its queue.</summary>
    ContinuationNotSent,
}
