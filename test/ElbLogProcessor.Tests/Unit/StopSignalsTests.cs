using ElbLogProcessor.Hosting.CommandLine;
using Microsoft.Extensions.Time.Testing;

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
    public void A_graceful_stop_that_takes_too_long_is_abandoned()
    {
        var clock = new FakeTimeProvider();
        using var signals = StopSignals.Manual(clock);
        signals.Request();

        clock.Advance(StopSignals.GracefulStop - TimeSpan.FromSeconds(1));
        Assert.False(signals.Abandon.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(signals.Abandon.IsCancellationRequested);
    }

    [Fact]
    public void Without_a_signal_the_grace_period_never_starts()
    {
        var clock = new FakeTimeProvider();
        using var signals = StopSignals.Manual(clock);
        clock.Advance(StopSignals.GracefulStop * 2);
        Assert.False(signals.StopRequested);
        Assert.False(signals.Abandon.IsCancellationRequested);
    }
}
