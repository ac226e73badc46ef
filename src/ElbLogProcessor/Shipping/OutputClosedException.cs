namespace ElbLogProcessor.Shipping;

/// <summary>
/// The NDJSON output (stdout) refused a write: its reader is gone (a closed pipe), it was closed, or the disk is full.
/// Nothing more can be delivered, so the run stops at once; the events of the refused batch are counted as not delivered.
/// </summary>
internal sealed class OutputClosedException(long handedOver, long written, Exception cause)
    : Exception($"stdout {(IsClosed(cause) ? "closed" : $"failed ({cause.Message})")} after {handedOver:N0} events: {written:N0} written, the rest not", cause)
{
    /// <summary>Events written before the failure.</summary>
    public long Written => written;

    // EPIPE (32 on Linux and macOS) or a closed descriptor (EBADF, which .NET reports as access denied): the output is gone.
    private static bool IsClosed(Exception cause) => cause is UnauthorizedAccessException || cause.HResult == 32 ||
                                                     cause.Message.StartsWith("Bad file descriptor", StringComparison.Ordinal);
}
