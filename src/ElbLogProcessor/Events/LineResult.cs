using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Events;

/// <summary>What became of one line: nothing (blank), an event of a format, or a parse-failure event and why.</summary>
internal readonly record struct LineResult(bool IsBlank, LogFormat Format, string? Failure)
{
    public static LineResult Blank => new(true, LogFormat.Unknown, null);

    /// <summary>Sent as a parse-failure event (<c>message</c> + <c>tags</c>).</summary>
    public bool IsMalformed => Failure is not null;
}
