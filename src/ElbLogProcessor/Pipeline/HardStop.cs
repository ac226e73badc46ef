namespace ElbLogProcessor.Pipeline;

/// <summary>A token cancelled at the hard stop before the deadline, or with the run's own token.</summary>
internal sealed class HardStop : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public HardStop(TimeSpan delay, TimeProvider time, CancellationToken outer)
    {
        _timer = new CancellationTokenSource(delay, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    /// <summary>The hard stop itself came (not a cancellation from outside).</summary>
    public bool IsReached => _timer.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
