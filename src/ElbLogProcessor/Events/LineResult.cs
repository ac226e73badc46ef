using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Events;

/// <summary>What became of one line: nothing (blank), an event of a kind, or a parse-failure event and why.</summary>
/// <param name="IsBlank">Empty or only white space: no event.</param>
/// <param name="Kind">The kind the line was detected as; null when it starts none.</param>
/// <param name="Failure">Why the line was sent as a parse-failure event; null when it was parsed.</param>
internal readonly record struct LineResult(bool IsBlank, LogKind? Kind, string? Failure)
{
    public static LineResult Blank => new(true, null, null);

    /// <summary>Sent as a parse-failure event (<c>message</c> + <c>tags</c>).</summary>
    public bool IsMalformed => Failure is not null;
}
