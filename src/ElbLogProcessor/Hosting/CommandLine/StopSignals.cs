using System.Runtime.InteropServices;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for the commands, in two steps. The first asks for a graceful stop
/// (<see cref="Stop"/>): reading stops at the next batch boundary and what was read is delivered. The
/// second, or <see cref="GracefulStop"/> after the first, abandons what is still in flight
/// (<see cref="Abandon"/>): it is counted as not delivered, and the summary is written all the same.
/// The process is never ended from here: every command returns, with its summary, and exit code 130.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    /// <summary>How long a graceful stop may take (a Logstash that no longer answers) before what is left is abandoned.</summary>
    public static readonly TimeSpan GracefulStop = TimeSpan.FromMinutes(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abandon;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TimeSpan _gracefulStop;
    private int _requests;

    private StopSignals(TimeSpan gracefulStop, TimeProvider time, params PosixSignal[] signals)
    {
        _gracefulStop = gracefulStop;
        // Its timer (the graceful stop's end) runs on the given clock.
        _abandon = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _registrations = [.. signals.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;   // the command ends itself, after its summary
            Request();
        }))];
    }

    /// <summary>The first signal: stop reading at the next batch boundary, deliver what was read.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>The second signal, or the graceful stop took too long: give up what is in flight now.</summary>
    public CancellationToken Abandon => _abandon.Token;

    public bool StopRequested => _stop.IsCancellationRequested;

    /// <summary>Called once, on the first signal (a command says that it is stopping, and how to stop at once).</summary>
    public Action? OnFirstRequest { get; set; }

    /// <summary>SIGINT (Ctrl+C) and SIGTERM of this process.</summary>
    public static StopSignals ForProcess() => new(GracefulStop, TimeProvider.System, PosixSignal.SIGINT, PosixSignal.SIGTERM);

    /// <summary>Signals that only <see cref="Request"/> gives (tests), the graceful stop timed by <paramref name="time"/>.</summary>
    public static StopSignals Manual(TimeProvider? time = null) => new(GracefulStop, time ?? TimeProvider.System);

    /// <summary>As a signal would: the first call stops gracefully, the second abandons.</summary>
    public void Request()
    {
        if (Interlocked.Increment(ref _requests) == 1)
        {
            _stop.Cancel();
            _abandon.CancelAfter(_gracefulStop);
            OnFirstRequest?.Invoke();
        }
        else
        {
            _abandon.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stop.Dispose();
        _abandon.Dispose();
    }
}
