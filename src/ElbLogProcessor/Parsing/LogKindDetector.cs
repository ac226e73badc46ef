using System.Text;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// Tells a line's kind from its first three tokens, per line, against each kind's declared <see cref="LineShape"/>
/// (docs/log-formats.md, "Telling the formats apart"): the most specific shape that fits wins, so a connection-log
/// line (timestamp, IP, port) is not taken for a classic one (timestamp), nor a health check line (protocol word,
/// timestamp, latency) for an ALB one.
/// </summary>
/// <remarks>
/// It runs once per line, so the shapes are compiled at start: the first token is looked at once and selects the
/// kinds that can start with it, most specific first; the second and third are cut and tested only for those.
/// </remarks>
internal static class LogKindDetector
{
    /// <summary>A kind that may start with a given first token: the tests its second and third tokens must pass.</summary>
    private readonly record struct Candidate(LogKind Kind, TokenShape Second, TokenShape Third, bool ThirdMayBeDashWhenNamed);

    /// <summary>Every kind, the most specific shape first (ties in declaration order).</summary>
    private static readonly LogKind[] ByShape = [.. LogKind.All.OrderByDescending(kind => kind.Shape.Specificity)];

    /// <summary>The candidates, in <see cref="ByShape"/> order, after a first token that is no word a shape names and no timestamp.</summary>
    private static readonly Candidate[] AfterOther = CandidatesWhere(shape => shape.First == TokenShape.Any);

    /// <summary>The candidates after a first token that is a timestamp.</summary>
    private static readonly Candidate[] AfterTimestamp = CandidatesWhere(shape => shape.First is TokenShape.Any or TokenShape.Timestamp);

    /// <summary>Each first word any shape names, with its candidates, by the word's length.</summary>
    private static readonly (byte[] Word, Candidate[] Candidates)[][] AfterWord = WordsByLength();

    /// <param name="line">The line.</param>
    /// <param name="named">
    /// The kind the object's name announces (<see cref="LogKind.NamedBy"/>), or null. It decides only where the shape
    /// cannot: a connection or health check line whose telling field is <c>-</c>.
    /// </param>
    /// <returns>The kind, or null when the line starts none.</returns>
    public static LogKind? Detect(ReadOnlySpan<byte> line, LogKind? named = null)
    {
        if (line.IndexOf((byte)' ') <= 0) return null;   // one token, or a leading space: no kind
        var rest = line;
        var first = NextToken(ref rest);
        var candidates = CandidatesAfter(first);
        if (candidates.Length == 0) return null;

        var second = NextToken(ref rest);
        ReadOnlySpan<byte> third = default;
        bool thirdCut = false;
        var (testedSecond, secondFits) = (TokenShape.Any, true);   // kinds after one first token often test the second alike
        foreach (ref readonly var candidate in candidates.AsSpan())
        {
            if (candidate.Second != testedSecond) (testedSecond, secondFits) = (candidate.Second, Fits(candidate.Second, second));
            if (!secondFits) continue;
            if (candidate.Third != TokenShape.Any)
            {
                if (!thirdCut)
                {
                    third = NextToken(ref rest);
                    thirdCut = true;
                }

                if (!Fits(candidate.Third, third) && !(candidate.ThirdMayBeDashWhenNamed && candidate.Kind == named && IsDash(third))) continue;
            }

            return candidate.Kind;
        }

        return null;
    }

    private static Candidate[] CandidatesAfter(ReadOnlySpan<byte> first)
    {
        if (IsTimestamp(first)) return AfterTimestamp;
        if (first.Length < AfterWord.Length)
            foreach (var (word, candidates) in AfterWord[first.Length])
                if (first.SequenceEqual(word)) return candidates;
        return AfterOther;
    }

    private static bool Fits(TokenShape shape, ReadOnlySpan<byte> token) => shape switch
    {
        TokenShape.Any => true,
        TokenShape.Timestamp => IsTimestamp(token),
        TokenShape.Ip => IpText.IsIp(token),
        TokenShape.Digits => DecimalText.IsDigits(token),
        TokenShape.Decimal => IsDecimal(token),
        TokenShape.Version => IsVersion(token),
        _ => false,
    };

    private static (byte[] Word, Candidate[] Candidates)[][] WordsByLength()
    {
        var words = ByShape.SelectMany(kind => kind.Shape.FirstWords ?? []).Distinct(StringComparer.Ordinal)
            .Select(word => (Word: Encoding.ASCII.GetBytes(word),
                             Candidates: CandidatesWhere(shape => shape.First == TokenShape.Any || shape.FirstWords?.Contains(word, StringComparer.Ordinal) == true)))
            .ToList();
        int longest = words.Count == 0 ? 0 : words.Max(w => w.Word.Length);
        return [.. Enumerable.Range(0, longest + 1).Select(length => words.Where(w => w.Word.Length == length).ToArray())];
    }

    private static Candidate[] CandidatesWhere(Func<LineShape, bool> firstFits) =>
        [.. ByShape.Where(kind => firstFits(kind.Shape))
                   .Select(kind => new Candidate(kind, Checked(kind.Shape.Second), Checked(kind.Shape.Third), kind.Shape.ThirdMayBeDashWhenNamed))];

    /// <summary>Only a first token is tested against words.</summary>
    private static TokenShape Checked(TokenShape shape) =>
        shape == TokenShape.Word ? throw new InvalidOperationException("a line shape names words for its first token only") : shape;

    /// <summary>The next space-separated token, consumed from <paramref name="rest"/>; empty at the end or at a leading space.</summary>
    private static ReadOnlySpan<byte> NextToken(scoped ref ReadOnlySpan<byte> rest)
    {
        int space = rest.IndexOf((byte)' ');
        var token = space < 0 ? rest : rest[..space];
        rest = space < 0 ? default : rest[(space + 1)..];
        return token;
    }

    /// <summary>Starts like <c>2015-05-13T</c>.</summary>
    internal static bool IsTimestamp(ReadOnlySpan<byte> s) =>
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
