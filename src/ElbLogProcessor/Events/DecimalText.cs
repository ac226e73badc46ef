namespace ElbLogProcessor.Events;

/// <summary>
/// Decimal numbers as text: validation and exact power-of-ten scaling by moving the point,
/// so <c>0.000073</c> seconds becomes exactly <c>0.073</c> ms (no binary floating point).
/// </summary>
public static class DecimalText
{
    /// <summary>Longest number accepted; longer text is not a timing.</summary>
    public const int MaxLength = 40;

    /// <summary>
    /// Writes <paramref name="text"/> times 10^<paramref name="shift"/> as a JSON number
    /// without superfluous zeros. Accepts <c>[-]digits[.digits]</c>; false for anything else.
    /// </summary>
    public static bool TryScale(ReadOnlySpan<byte> text, int shift, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.IsEmpty || text.Length > MaxLength || destination.Length < MaxLength + shift + 2) return false;

        bool negative = text[0] == (byte)'-';
        var digits = negative ? text[1..] : text;
        int dot = digits.IndexOf((byte)'.');
        var integerPart = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? default : digits[(dot + 1)..];
        if (integerPart.IsEmpty || !AllDigits(integerPart) || (dot >= 0 && (fraction.IsEmpty || !AllDigits(fraction))))
            return false;

        // Move the point `shift` places right: the first `shift` fraction digits join the integer part.
        Span<byte> whole = stackalloc byte[MaxLength + shift];
        integerPart.CopyTo(whole);
        int wholeLength = integerPart.Length;
        for (int i = 0; i < shift; i++) whole[wholeLength++] = i < fraction.Length ? fraction[i] : (byte)'0';
        var rest = fraction.Length > shift ? fraction[shift..] : default;

        var trimmedWhole = whole[..wholeLength].TrimStart((byte)'0');
        var trimmedRest = rest.TrimEnd((byte)'0');
        bool isZero = trimmedWhole.IsEmpty && trimmedRest.IsEmpty;

        if (negative && !isZero) destination[written++] = (byte)'-';
        if (trimmedWhole.IsEmpty) destination[written++] = (byte)'0';
        else
        {
            trimmedWhole.CopyTo(destination[written..]);
            written += trimmedWhole.Length;
        }

        if (!trimmedRest.IsEmpty)
        {
            destination[written++] = (byte)'.';
            trimmedRest.CopyTo(destination[written..]);
            written += trimmedRest.Length;
        }

        return true;
    }

    private static bool AllDigits(ReadOnlySpan<byte> s) => s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
}
