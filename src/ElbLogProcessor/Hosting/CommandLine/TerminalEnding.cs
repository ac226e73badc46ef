using Spectre.Console;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// The end of a command for a person at a terminal: a title saying how it ended, a few counts, the
/// first <see cref="Listed"/> items not done with their reason ("... and N more"), and what to do
/// next. Every item is one line cut to the terminal's width, so the whole ending fits on one screen
/// however many items there were; machines get JSON lines instead. Spectre.Console gives the width
/// and the colours (none where the terminal has none).
/// </summary>
internal sealed class TerminalEnding
{
    /// <summary>Items not done shown at most.</summary>
    public const int Listed = 10;

    /// <summary>The title: <c>backfill: interrupted after 00:00:12</c>.</summary>
    public required string Title { get; init; }

    /// <summary>Whether the title is good news (green), or not (red).</summary>
    public bool Succeeded { get; init; }

    /// <summary>Counts (objects by outcome, lines, events sent and failed) and what was worked on, as label and value.</summary>
    public List<(string Label, string Value)> Counts { get; } = [];

    /// <summary>The heading of the items not done: <c>not completed</c>, <c>left in the queue</c>.</summary>
    public string NotDoneHeading { get; init; } = "not completed";

    /// <summary>Every item not done; the first <see cref="Listed"/> are shown.</summary>
    public IReadOnlyList<(string Name, string Outcome, string Reason)> NotDone { get; init; } = [];

    /// <summary>Where every item is listed (<c>--results FILE</c>), for the "... and N more" line.</summary>
    public string? AllListedIn { get; init; }

    /// <summary>What to do next: resume, retry.</summary>
    public List<string> NextSteps { get; } = [];

    public void Write(TextWriter terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(terminal) });
        int width = Math.Max(60, console.Profile.Width);
        console.MarkupLine($"[bold {(Succeeded ? "green" : "red")}]{Markup.Escape(Title)}[/]");

        // Counts and next steps as plain lines: a long location or URL is wrapped by the terminal, never broken by us.
        int labelWidth = Counts.Count == 0 ? 0 : Counts.Max(c => c.Label.Length);
        foreach (var (label, value) in Counts) terminal.WriteLine($"  {label.PadRight(labelWidth)}  {value}");

        if (NotDone.Count > 0)
        {
            terminal.WriteLine(NotDone.Count > Listed ? $"{NotDoneHeading} (first {Listed} of {NotDone.Count:N0}):" : $"{NotDoneHeading}:");
            var shown = NotDone.Take(Listed).ToList();
            // A third of the width for the name (its end: a key's file name, an id's last digits), the outcome, the rest for the reason.
            int nameWidth = Math.Min(shown.Max(i => i.Name.Length), Math.Clamp((width - 6) / 3, 20, 60));
            int outcomeWidth = shown.Max(i => i.Outcome.Length);
            int reasonWidth = Math.Max(10, width - 2 - nameWidth - 2 - outcomeWidth - 2 - 1);
            foreach (var (name, outcome, reason) in shown)
                console.MarkupLine($"  {Markup.Escape(Cut(name, nameWidth, keepEnd: true).PadRight(nameWidth))}  " +
                                   $"[red]{Markup.Escape(outcome.PadRight(outcomeWidth))}[/]  {Markup.Escape(Cut(reason, reasonWidth))}");
            if (NotDone.Count > Listed)
                terminal.WriteLine($"  ... and {NotDone.Count - Listed:N0} more" + (AllListedIn is { } file ? $" (every result is in {file})" : ""));
        }

        foreach (var step in NextSteps) terminal.WriteLine(step);
        terminal.Flush();
    }

    /// <summary>
    /// At most <paramref name="width"/> characters: the end (a key, whose file name is at its end), or a third of the start
    /// and the rest of the end (a reason: what failed, then why, at its end).
    /// </summary>
    internal static string Cut(string text, int width, bool keepEnd = false)
    {
        text = text.ReplaceLineEndings(" ");
        if (text.Length <= width) return text;
        if (keepEnd) return "..." + text[^(width - 3)..];
        int head = (width - 3) / 3;
        return text[..head] + "..." + text[^(width - 3 - head)..];
    }
}
