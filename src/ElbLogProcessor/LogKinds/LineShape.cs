namespace ElbLogProcessor.LogKinds;

/// <summary>What a token at the start of a line looks like, as the detector tests it.</summary>
internal enum TokenShape
{
    /// <summary>Anything.</summary>
    Any,

    /// <summary>Starts like <c>2015-05-13T</c>.</summary>
    Timestamp,

    /// <summary>A bare IPv4 or IPv6 address (no port, no brackets).</summary>
    Ip,

    /// <summary>Only digits (a port).</summary>
    Digits,

    /// <summary><c>digits[.digits]</c> (a latency in seconds).</summary>
    Decimal,

    /// <summary>A version such as <c>1.0</c> or <c>2.0</c>.</summary>
    Version,

    /// <summary>One of the shape's <see cref="LineShape.FirstWords"/>.</summary>
    Word,
}

/// <summary>
/// How the first tokens of a line of a kind look: what tells the kinds apart, per line (docs/log-formats.md,
/// "Telling the formats apart"). Never the first token alone: a connection-log line starts with a timestamp
/// like a classic one, a health check line with a protocol word like an ALB one.
/// </summary>
/// <param name="First">The first token.</param>
/// <param name="Second">The second token.</param>
/// <param name="Third">The third token.</param>
/// <param name="FirstWords">The words the first token may be, for <see cref="TokenShape.Word"/>.</param>
/// <param name="ThirdMayBeDashWhenNamed">
/// The third token may also be <c>-</c> when the object's file name announces this kind: the shape alone cannot
/// tell such a line apart (a connection log's missing port, a health check's missing latency).
/// </param>
internal sealed record LineShape(TokenShape First, TokenShape Second = TokenShape.Any, TokenShape Third = TokenShape.Any,
    string[]? FirstWords = null, bool ThirdMayBeDashWhenNamed = false)
{
    /// <summary>How many tokens the shape tests: a line that fits a more specific shape is of that kind.</summary>
    public int Specificity => (First != TokenShape.Any ? 1 : 0) + (Second != TokenShape.Any ? 1 : 0) + (Third != TokenShape.Any ? 1 : 0);
}
