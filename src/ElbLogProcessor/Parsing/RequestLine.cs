namespace ElbLogProcessor.Parsing;

/// <summary>
/// Splits an HTTP request line (<c>GET http://host/path HTTP/1.1</c>) into its parts: method
/// first, protocol last, the URL between (which may itself hold spaces). TCP/SSL listeners write
/// <c>"- - - "</c>, whose parts are all <c>-</c>.
/// </summary>
internal static class RequestLine
{
    /// <summary>The parts; an absent part is empty.</summary>
    public static void Split(ReadOnlySpan<byte> request, out ReadOnlySpan<byte> method, out ReadOnlySpan<byte> url,
        out ReadOnlySpan<byte> protocol)
    {
        url = protocol = default;
        var trimmed = request.Trim((byte)' ');
        int firstSpace = trimmed.IndexOf((byte)' ');
        if (firstSpace < 0)
        {
            method = trimmed;
            return;
        }

        method = trimmed[..firstSpace];
        var remainder = trimmed[(firstSpace + 1)..].TrimStart((byte)' ');
        int lastSpace = remainder.LastIndexOf((byte)' ');
        if (lastSpace < 0)
        {
            url = remainder;
            return;
        }

        url = remainder[..lastSpace].TrimEnd((byte)' ');
        protocol = remainder[(lastSpace + 1)..];
    }
}
