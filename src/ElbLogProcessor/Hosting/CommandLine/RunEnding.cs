using System.Globalization;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>The ending of <c>process</c> and <c>invoke</c> for a person at a terminal: how it ended, the counts, what was not done.</summary>
internal static class RunEnding
{
    /// <param name="command">The command's name, for the title.</param>
    /// <param name="summary">The run's counts.</param>
    /// <param name="sources">What a source is (<c>files</c>, <c>objects</c>).</param>
    /// <param name="target">Where events went: the Logstash URL, or stdout.</param>
    /// <param name="interrupted">Stopped by Ctrl+C.</param>
    /// <param name="closing">The lines saying how it was stopped and what was not done, when either happened.</param>
    /// <param name="notDone">The sources not read to their end, with why.</param>
    public static TerminalEnding Of(string command, RunSummary summary, string sources, string target, bool interrupted,
        IReadOnlyList<string> closing, IReadOnlyList<(string Name, string Outcome, string Reason)> notDone)
    {
        bool failed = closing.Count > 0 || summary.EventsFailed > 0 || notDone.Count > 0;
        string how = interrupted ? "interrupted after" : failed ? "finished with failures in" : "done in";
        var ending = new TerminalEnding
        {
            Title = $"{command}: {how} {summary.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)}",
            Succeeded = !interrupted && !failed,
            NotDone = notDone,
        };
        int readToEnd = summary.Sources - summary.SourcesFailed - summary.SourcesInterrupted - summary.SourcesHandedOver;
        ending.Counts.Add((sources, $"{summary.Sources:N0}" + (readToEnd == summary.Sources ? " read to their end" : $", {readToEnd:N0} read to their end")));
        double seconds = summary.Elapsed.TotalSeconds;
        ending.Counts.Add(("lines", $"{summary.Lines:N0}" + (seconds > 0 ? $" ({summary.Lines / seconds:N0} lines/s)" : "")));
        var kinds = LogKind.All.Where(k => summary.EventsOf(k) > 0).Select(k => $"{k.Name} {summary.EventsOf(k):N0}");
        if (summary.Malformed > 0) kinds = kinds.Append($"not parsed {summary.Malformed:N0}");
        ending.Counts.Add(("events", $"{summary.Events:N0}" + (summary.Events > 0 ? $" ({string.Join(", ", kinds)})" : "")));
        if (summary.Rules.Count > 0) ending.Counts.Add(("left out", summary.LeftOutText()));
        ending.Counts.Add(("delivered", $"{summary.EventsSent:N0} to {target}"));
        if (summary.EventsFailed > 0) ending.Counts.Add(("not delivered", $"{summary.EventsFailed:N0}"));
        if (summary.Retries > 0) ending.Counts.Add(("retries", $"{summary.Retries:N0}"));
        ending.NextSteps.AddRange(closing);
        return ending;
    }
}
