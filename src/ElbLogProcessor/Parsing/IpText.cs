using System.Net;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// Whether text is an IP address, the one check every stage uses (the detector's bare client IP, ECS's <c>ip</c> fields,
/// a URL's host): a dotted IPv4 quad, or an IPv6 address as <see cref="IPAddress"/> parses one, without a zone or
/// brackets. Checked on the bytes, without making an <see cref="IPAddress"/>, which would allocate per line.
/// </summary>
internal static class IpText
{
    public static bool IsIp(ReadOnlySpan<byte> text) => text.IndexOf((byte)':') >= 0 ? IsIPv6(text) : IsIPv4(text);

    /// <summary>Four parts of one to three digits, each up to 255, and nothing else.</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> text) => DottedQuad(text, maxDigits: 3) == text.Length;

    /// <summary>
    /// IPv6 as <see cref="IPAddress.IsValidUtf8"/> takes it, but with neither a zone (<c>%eth0</c>) nor brackets, which
    /// an address field never has; an IPv4 tail (<c>::ffff:10.0.0.1</c>) is a dotted quad as <see cref="IsIPv4"/> takes one.
    /// </summary>
    public static bool IsIPv6(ReadOnlySpan<byte> text)
    {
        const int Longest = 45;   // eight groups of four, or six and a dotted quad
        if (text.Length is < 2 or > Longest || text.IndexOfAny("%[] "u8) >= 0) return false;
        int lastColon = text.LastIndexOf((byte)':');
        var tail = text[(lastColon + 1)..];
        if (tail.IndexOf((byte)'.') < 0) return IPAddress.IsValidUtf8(text);

        // The tail as two groups, which it stands for, so that the parser judges the rest only.
        if (!IsIPv4(tail)) return false;
        Span<byte> groups = stackalloc byte[Longest + 3];
        text[..(lastColon + 1)].CopyTo(groups);
        "0:0"u8.CopyTo(groups[(lastColon + 1)..]);
        return IPAddress.IsValidUtf8(groups[..(lastColon + 4)]);
    }

    /// <summary>
    /// The length of the dotted quad <paramref name="text"/> starts with: four parts of digits (at most
    /// <paramref name="maxDigits"/> each), each up to 255, separated by dots; -1 when it starts with none.
    /// </summary>
    public static int DottedQuad(ReadOnlySpan<byte> text, int maxDigits)
    {
        int p = 0;
        for (int part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (p >= text.Length || text[p] != (byte)'.') return -1;
                p++;
            }

            int start = p, value = 0;
            while (p < text.Length && p - start < maxDigits && (uint)(text[p] - '0') <= 9)
            {
                value = value * 10 + (text[p++] - '0');
                if (value > 255) return -1;
            }

            if (p == start) return -1;
        }

        return p;
    }
}
