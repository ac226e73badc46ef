using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// A live display on the terminal (Spectre.Console), redrawn twice a second: objects, lines, rate, bytes, failures, ETA.
/// It is cleared at the end, where the command's ending takes its place; after a Ctrl+C its title says that it is stopping.
/// </summary>
internal sealed class TerminalProgressView(TextWriter terminal, string title, CancellationToken stopping = default) : IProgressView
{
    public async Task ShowAsync(BackfillProgress progress, Task work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal) });
        await console.Live(Render(progress.Snapshot())).AutoClear(true).StartAsync(async context =>
        {
            while (await Task.WhenAny(work, Task.Delay(500)).ConfigureAwait(false) != work)
            {
                context.UpdateTarget(Render(progress.Snapshot()));
                context.Refresh();
            }

            context.UpdateTarget(Render(progress.Snapshot()));
            context.Refresh();
        }).ConfigureAwait(false);
    }

    private IRenderable Render(ProgressSnapshot p)
    {
        double fraction = p.BytesTotal > 0 ? (double)p.BytesDone / p.BytesTotal : p.ObjectsTotal > 0 ? (double)p.ObjectsDone / p.ObjectsTotal : 1;
        const int Width = 40;
        int filled = (int)Math.Round(Width * Math.Clamp(fraction, 0, 1));
        string heading = stopping.IsCancellationRequested
            ? $"[bold]{Markup.Escape(title)}[/] [yellow]stopping: delivering what was read (Ctrl+C again to stop at once)[/]"
            : $"[bold]{Markup.Escape(title)}[/]";
        var table = new Table().Border(TableBorder.Rounded).Title(heading).HideHeaders()
            .AddColumn("what").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("progress", $"[green]{new string('━', filled)}[/][grey]{new string('━', Width - filled)}[/] {fraction:P0}");
        table.AddRow("objects", $"{N(p.ObjectsDone)} / {N(p.ObjectsTotal)}" + (p.ObjectsFailed > 0 ? $" [red]({N(p.ObjectsFailed)} failed)[/]" : ""));
        table.AddRow("lines", $"{N(p.Lines)}  ({N(p.LinesPerSecond)} lines/s)");
        table.AddRow("bytes", $"{Size(p.BytesDone)} / {Size(p.BytesTotal)}");
        if (p.MessagesSent > 0) table.AddRow("messages sent", N(p.MessagesSent));
        table.AddRow("events sent", N(p.EventsSent));
        table.AddRow("events failed", p.EventsFailed > 0 ? $"[red]{N(p.EventsFailed)}[/]" : "0");
        table.AddRow("elapsed / ETA", $"{TimeSpan.FromSeconds(p.Seconds):hh\\:mm\\:ss} / {(p.EtaSeconds is { } eta ? TimeSpan.FromSeconds(eta).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--")}");
        return table;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F1} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:F0} KiB",
        _ => $"{bytes} B",
    };
}
