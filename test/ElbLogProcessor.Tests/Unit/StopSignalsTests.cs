using ElbLogProcessor.Hosting.CommandLine;

namespace ElbLogProcessor.Tests;

/// <summary>Ctrl+C in two steps: the first stops gracefully, the second (or the end of the grace period) abandons.</summary>
[Trait("Category", Category.Unit)]
public class StopSignalsTests
{
    [Fact]
    public void The_first_signal_stops_and_says_so_once_and_the_second_abandons()
    {
        using var signals = StopSignals.Manual();
        int said = 0;
        signals.OnFirstRequest = () => said++;
        Assert.False(signals.StopRequested);

        signals.Request();
        Assert.True(signals.Stop.IsCancellationRequested);
        Assert.False(signals.Abandon.IsCancellationRequested);
        Assert.Equal(1, said);

        signals.Request();
        Assert.True(signals.Abandon.IsCancellationRequested);
        Assert.Equal(1, said);
    }

    [Fact]
    public async Task A_graceful_stop_that_takes_too_long_is_abandoned()
    {
        using var signals = StopSignals.Manual(gracefulStop: TimeSpan.FromMilliseconds(50));
        signals.Request();
        await Task.Delay(TimeSpan.FromSeconds(2), signals.Abandon).ContinueWith(_ => { });
        Assert.True(signals.Abandon.IsCancellationRequested);
    }
}
