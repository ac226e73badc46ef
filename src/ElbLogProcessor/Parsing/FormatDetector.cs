namespace ElbLogProcessor.Parsing;

/// <summary>Tells the formats apart from a line's first two tokens (per line, never per file).</summary>
internal static class FormatDetector
{
    public static LogFormat Detect(ReadOnlySpan<byte> line)
    {
        int space = line.IndexOf((byte)' ');
        if (space <= 0) return LogFormat.Unknown;
        var first = line[..space];
        var rest = line[(space + 1)..];

        if (IsTimestamp(first)) return LogFormat.Classic;
        if (IsAlbRequestType(first) && IsTimestamp(rest)) return LogFormat.Application;
        if (first.SequenceEqual("tls"u8) && IsVersion(rest)) return LogFormat.Network;
        return LogFormat.Unknown;
    }

    private static bool IsAlbRequestType(ReadOnlySpan<byte> token) =>
        token.SequenceEqual("http"u8) || token.SequenceEqual("https"u8) || token.SequenceEqual("h2"u8) ||
        token.SequenceEqual("grpcs"u8) || token.SequenceEqual("ws"u8) || token.SequenceEqual("wss"u8);

    /// <summary>Starts like <c>2015-05-13T</c>.</summary>
    private static bool IsTimestamp(ReadOnlySpan<byte> s) =>
        s.Length >= 11 && IsDigits(s[..4]) && s[4] == '-' && IsDigits(s.Slice(5, 2)) && s[7] == '-' &&
        IsDigits(s.Slice(8, 2)) && s[10] == 'T';

    /// <summary>A version such as <c>1.0</c> or <c>2.0</c>, followed by a space.</summary>
    private static bool IsVersion(ReadOnlySpan<byte> s)
    {
        int space = s.IndexOf((byte)' ');
        var token = space < 0 ? s : s[..space];
        int dot = token.IndexOf((byte)'.');
        return dot > 0 && dot < token.Length - 1 && IsDigits(token[..dot]) && IsDigits(token[(dot + 1)..]);
    }

    private static bool IsDigits(ReadOnlySpan<byte> s) =>
        !s.IsEmpty && s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
}
