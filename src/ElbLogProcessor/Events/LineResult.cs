using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Events;

/// <summary>What became of one line: nothing (blank), an event of a kind, or a parse-failure event and why.</summary>
/// <param name="IsBlank">Empty or only white space: no event.</param>
/// <param name="Kind">The kind the line was detected as; null when it starts none.</param>
/// <param name="Failure">Why the line was sent as a parse-failure event; null when it was parsed.</param>
/// <param name="IsCut">Longer than <c>MAX_LINE_BYTES</c>: sent as its first bytes, tagged, with its length (not parsed).</param>
/// <param name="LeftOutBy">The 1-based number of the DROP_WHEN or SAMPLE_WHEN rule that left the line out (no event); 0 when none did.</param>
internal readonly record struct LineResult(bool IsBlank, LogKind? Kind, string? Failure, bool IsCut = false, int LeftOutBy = 0)
{
    /// <summary>No event was written: the line is blank, or a rule left it out.</summary>
    public bool HasNoEvent => IsBlank || LeftOutBy > 0;

    public static LineResult Blank => new(true, null, null);

    /// <summary>A line of <paramref name="kind"/> that the rule numbered <paramref name="rule"/> left out: no event.</summary>
    public static LineResult LeftOut(LogKind? kind, int rule) => new(false, kind, null, LeftOutBy: rule);

    /// <summary>Sent as a parse-failure event (<c>message</c> + <c>tags</c>).</summary>
    public bool IsMalformed => Failure is not null && !IsCut;

    /// <summary>The result of a line longer than <c>MAX_LINE_BYTES</c> (<paramref name="bytes"/> long), of which <paramref name="kept"/> were kept.</summary>
    public static LineResult Cut(long bytes, int kept) =>
        new(false, null, $"the line is {bytes:N0} bytes, longer than MAX_LINE_BYTES: its first {kept:N0} bytes were sent", IsCut: true);
}
