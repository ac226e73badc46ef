using System.Diagnostics;
using System.Globalization;
using ElbLogProcessor.Summary;
using Spectre.Console;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// The live line of <c>process</c> and <c>invoke</c> on a terminal (Spectre.Console), redrawn at most four times a second:
/// lines read, events delivered, the rate, retries and, while delivery fails, why; after a Ctrl+C, what the command is
/// waiting for and how long it has waited. Cleared at the end, where the command's ending takes its place.
/// </summary>
internal sealed class LiveRunView(TextWriter terminal, string title, RunProgress progress, StopSignals signals)
{
    /// <summary>How often the line is redrawn: often enough to look live, rarely enough to cost nothing.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _stopRequestedAt;
    private (TimeSpan At, long Lines) _rateFrom, _rateTo;

    /// <summary>Shows the line until <paramref name="work"/> completes.</summary>
    public async Task ShowAsync(Task work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal) });
        int width = Math.Max(40, console.Profile.Width);
        await console.Live(Render(width)).AutoClear(true).StartAsync(async context =>
        {
            while (await Task.WhenAny(work, Task.Delay(Refresh)).ConfigureAwait(false) != work)
            {
                context.UpdateTarget(Render(width));
                context.Refresh();
            }
        }).ConfigureAwait(false);
    }

    private Markup Render(int width)
    {
        var counts = progress.Now();
        var now = _clock.Elapsed;
        if (signals.StopRequested) _stopRequestedAt ??= now;

        // The rate over the last second or two, not since the start: it falls to 0 when reading waits.
        if (now - _rateTo.At >= TimeSpan.FromSeconds(1)) (_rateFrom, _rateTo) = (_rateTo, (now, counts.Lines));
        var span = now - _rateFrom.At;
        long rate = span > TimeSpan.Zero ? (long)((counts.Lines - _rateFrom.Lines) / span.TotalSeconds) : 0;
        var lines = Lines(title, counts, rate, now - _stopRequestedAt);
        return new Markup(string.Join(Environment.NewLine,
            lines.Select(l => l.Style is null ? Markup.Escape(Cut(l.Text, width - 1)) : $"[{l.Style}]{Markup.Escape(Cut(l.Text, width - 1))}[/]")));
    }

    /// <summary>
    /// The display's lines and their styles: the counts; while delivery fails, why; while stopping after a Ctrl+C, what the
    /// command waits for and for how long.
    /// </summary>
    internal static List<(string Text, string? Style)> Lines(string title, ProgressCounts counts, long linesPerSecond, TimeSpan? stopping)
    {
        var parts = new List<string> { title, $"{N(counts.Lines)} lines read", $"{N(linesPerSecond)} lines/s", $"{N(counts.EventsSent)} events delivered" };
        if (counts.EventsFailed > 0) parts.Add($"{N(counts.EventsFailed)} not delivered");
        if (counts.Retries > 0) parts.Add($"{N(counts.Retries)} retries");
        var lines = new List<(string, string?)> { (string.Join(" · ", parts), counts.EventsFailed > 0 ? "red" : null) };
        if (counts.FailingNow is { } failing) lines.Add(($"failing: {failing}", "yellow"));
        if (stopping is { } waited)
            lines.Add(($"stopping: delivering the {N(counts.InFlight)} events already read, for {Seconds(waited)} " +
                       $"(up to {StopSignals.GracefulStop.TotalMinutes:0} min; Ctrl+C again to stop at once)", "yellow"));
        return lines;
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 3)] + "...";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 120
        ? $"{t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"
        : $"{t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min";
}
