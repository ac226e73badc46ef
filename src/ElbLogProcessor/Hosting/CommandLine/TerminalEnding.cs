using Spectre.Console;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// The end of a command for a person at a terminal (Spectre.Console): a title line with how it ended,
/// a few counts, the first <see cref="Listed"/> items not done with their reason ("... and N more"),
/// and what to do next. One line per item, cut to fit the width, so the whole ending fits on one
/// screen, however many items there were; machines get JSON lines instead.
/// </summary>
internal sealed class TerminalEnding
{
    /// <summary>Items not done shown at most.</summary>
    public const int Listed = 10;

    /// <summary>A name or reason longer than this is cut (with "..."), so that no row wraps on a 120-column terminal.</summary>
    private const int NameWidth = 44, ReasonWidth = 56;

    /// <summary><c>backfill s3://bucket/prefix/: interrupted after 00:00:12</c>.</summary>
    public required string Title { get; init; }

    /// <summary>Whether the title is good news (green), or not (red).</summary>
    public bool Succeeded { get; init; }

    /// <summary>Counts: objects by outcome, lines, events sent and failed.</summary>
    public List<(string Label, string Value)> Counts { get; } = [];

    /// <summary>The heading of the items not done: <c>not completed</c>, <c>not replayed</c>.</summary>
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
        console.MarkupLine($"[bold {(Succeeded ? "green" : "red")}]{Markup.Escape(Title)}[/]");

        var counts = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2)).AddColumn(new GridColumn().NoWrap());
        foreach (var (label, value) in Counts) counts.AddRow(new Text(label), new Text(value));
        console.Write(counts);

        if (NotDone.Count > 0)
        {
            console.MarkupLine(Markup.Escape(NotDone.Count > Listed ? $"{NotDoneHeading} (first {Listed} of {NotDone.Count:N0}):" : $"{NotDoneHeading}:"));
            var items = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2)).AddColumn(new GridColumn().NoWrap())
                .AddColumn(new GridColumn().NoWrap());
            foreach (var (name, outcome, reason) in NotDone.Take(Listed))
                items.AddRow(new Text(Cut(name, NameWidth, keepEnd: true)), new Text(outcome, new Style(Color.Red)), new Text(Cut(reason, ReasonWidth)));
            console.Write(items);
            if (NotDone.Count > Listed)
                console.WriteLine($"  ... and {NotDone.Count - Listed:N0} more" + (AllListedIn is { } file ? $" (every result is in {file})" : ""));
        }

        foreach (var step in NextSteps) console.WriteLine(step);
    }

    /// <summary>At most <paramref name="width"/> characters: the start (a reason) or the end (a key, whose file name is at its end).</summary>
    internal static string Cut(string text, int width, bool keepEnd = false)
    {
        text = text.ReplaceLineEndings(" ");
        if (text.Length <= width) return text;
        return keepEnd ? "..." + text[^(width - 3)..] : text[..(width - 3)] + "...";
    }
}
