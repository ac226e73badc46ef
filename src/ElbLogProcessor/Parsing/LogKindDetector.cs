using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// Tells a line's kind from its first three tokens, per line, against each kind's declared <see cref="LineShape"/>
/// (docs/log-formats.md, "Telling the formats apart"): the most specific shape that fits wins, so a connection-log
/// line (timestamp, IP, port) is not taken for a classic one (timestamp), nor a health check line (protocol word,
/// timestamp, latency) for an ALB one.
/// </summary>
internal static class LogKindDetector
{
    /// <summary>Every kind, the most specific shape first (ties in declaration order).</summary>
    private static readonly LogKind[] ByShape = [.. LogKind.All.OrderByDescending(kind => kind.Shape.Specificity)];

    /// <summary>The first words of each kind in <see cref="ByShape"/>, encoded once.</summary>
    private static readonly byte[][][] FirstWords =
        [.. ByShape.Select(kind => (kind.Shape.FirstWords ?? []).Select(System.Text.Encoding.ASCII.GetBytes).ToArray())];

    /// <param name="line">The line.</param>
    /// <param name="named">
    /// The kind the object's name announces (<see cref="LogKind.NamedBy"/>), or null. It decides only where the shape
    /// cannot: a connection or health check line whose telling field is <c>-</c>.
    /// </param>
    /// <returns>The kind, or null when the line starts none.</returns>
    public static LogKind? Detect(ReadOnlySpan<byte> line, LogKind? named = null)
    {
        if (line.IndexOf((byte)' ') <= 0) return null;   // one token, or a leading space: no kind
        var first = NextToken(ref line);
        var second = NextToken(ref line);
        var third = NextToken(ref line);
        for (int k = 0; k < ByShape.Length; k++)
        {
            var kind = ByShape[k];
            var shape = kind.Shape;
            if (Fits(shape.First, first, FirstWords[k]) && Fits(shape.Second, second, []) &&
                (Fits(shape.Third, third, []) || (shape.ThirdMayBeDashWhenNamed && kind == named && IsDash(third))))
                return kind;
        }

        return null;
    }

    private static bool Fits(TokenShape shape, ReadOnlySpan<byte> token, byte[][] words) => shape switch
    {
        TokenShape.Any => true,
        TokenShape.Timestamp => IsTimestamp(token),
        TokenShape.Ip => IpText.IsIp(token),
        TokenShape.Digits => DecimalText.IsDigits(token),
        TokenShape.Decimal => IsDecimal(token),
        TokenShape.Version => IsVersion(token),
        TokenShape.Word => IsOneOf(token, words),
        _ => false,
    };

    /// <summary>The next space-separated token, consumed from <paramref name="rest"/>; empty at the end or at a leading space.</summary>
    private static ReadOnlySpan<byte> NextToken(ref ReadOnlySpan<byte> rest)
    {
        int space = rest.IndexOf((byte)' ');
        var token = space < 0 ? rest : rest[..space];
        rest = space < 0 ? default : rest[(space + 1)..];
        return token;
    }

    private static bool IsOneOf(ReadOnlySpan<byte> token, byte[][] words)
    {
        foreach (var word in words)
            if (token.SequenceEqual(word)) return true;
        return false;
    }

    /// <summary>Starts like <c>2015-05-13T</c>.</summary>
    private static bool IsTimestamp(ReadOnlySpan<byte> s) =>
        s.Length >= 11 && DecimalText.IsDigits(s[..4]) && s[4] == '-' && DecimalText.IsDigits(s.Slice(5, 2)) && s[7] == '-' &&
        DecimalText.IsDigits(s.Slice(8, 2)) && s[10] == 'T';

    /// <summary>A version such as <c>1.0</c> or <c>2.0</c>.</summary>
    private static bool IsVersion(ReadOnlySpan<byte> token)
    {
        int dot = token.IndexOf((byte)'.');
        return dot > 0 && dot < token.Length - 1 && DecimalText.IsDigits(token[..dot]) && DecimalText.IsDigits(token[(dot + 1)..]);
    }

    /// <summary><c>digits[.digits]</c>.</summary>
    private static bool IsDecimal(ReadOnlySpan<byte> token)
    {
        int dot = token.IndexOf((byte)'.');
        return dot < 0 ? DecimalText.IsDigits(token) : DecimalText.IsDigits(token[..dot]) && DecimalText.IsDigits(token[(dot + 1)..]);
    }

    private static bool IsDash(ReadOnlySpan<byte> token) => token.Length == 1 && token[0] == (byte)'-';
}
