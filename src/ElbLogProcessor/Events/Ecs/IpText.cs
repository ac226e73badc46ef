namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// Whether text is an IP address, as Elasticsearch's <c>ip</c> type takes one: a dotted IPv4 quad, or an
/// IPv6 address (groups of up to four hex digits, one <c>::</c> at most, an IPv4 tail allowed). Checked
/// on the bytes, without parsing into an <see cref="System.Net.IPAddress"/>, which would allocate per line.
/// </summary>
internal static class IpText
{
    public static bool IsIp(ReadOnlySpan<byte> text) => IsIPv4(text) || IsIPv6(text);

    public static bool IsIPv4(ReadOnlySpan<byte> text)
    {
        int p = 0;
        for (int part = 0; part < 4; part++)
        {
            if (part > 0)
            {
                if (p >= text.Length || text[p] != (byte)'.') return false;
                p++;
            }

            int start = p, value = 0;
            while (p < text.Length && p - start < 3 && (uint)(text[p] - '0') <= 9) value = value * 10 + (text[p++] - '0');
            if (p == start || value > 255) return false;
        }

        return p == text.Length;
    }

    public static bool IsIPv6(ReadOnlySpan<byte> text)
    {
        if (text.Length < 2 || text.Length > 45) return false;
        int compressed = text.IndexOf("::"u8);
        if (compressed >= 0 && text[(compressed + 1)..].IndexOf("::"u8) >= 0) return false;

        int groups = 0, p = 0;
        if (compressed == 0) p = 2;
        while (p < text.Length)
        {
            int start = p;
            while (p < text.Length && p - start < 5 && IsHex(text[p])) p++;
            if (p < text.Length && text[p] == (byte)'.')
            {
                // An IPv4 tail: the rest from this group's start; it counts as two groups.
                if (!IsIPv4(text[start..])) return false;
                groups += 2;
                p = text.Length;
                break;
            }

            if (p == start || p - start > 4) return false;
            groups++;
            if (p == text.Length) break;
            if (text[p] != (byte)':') return false;
            p++;
            if (p < text.Length && text[p] == (byte)':')
            {
                if (p - 1 != compressed) return false;
                p++;
                if (p == text.Length) break;
            }
            else if (p == text.Length)
            {
                return false;   // a single trailing ':'
            }
        }

        return compressed >= 0 ? groups < 8 : groups == 8;
    }

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;
}
