namespace ElbLogProcessor.Parsing;

/// <summary>
/// Tells the formats apart from a line's first tokens, per line (docs/log-formats.md, "Telling
/// the formats apart"); never by the first token alone, because a connection-log line starts
/// with a timestamp like a classic one and a health check line with a protocol like an ALB one.
/// </summary>
internal static class FormatDetector
{
    /// <param name="line">The line.</param>
    /// <param name="expected">
    /// The kind the object's name announces (<see cref="LogFormat.Unknown"/> when it says none). It
    /// decides only where the shape cannot: a connection or health check line whose telling field is <c>-</c>.
    /// </param>
    public static LogFormat Detect(ReadOnlySpan<byte> line, LogFormat expected = LogFormat.Unknown)
    {
        if (line.IndexOf((byte)' ') <= 0) return LogFormat.Unknown;   // one token, or a leading space: no format
        var first = NextToken(ref line);
        var second = NextToken(ref line);
        if (IsTimestamp(first))
        {
            // timestamp client_ip client_port ...: a bare port after a bare IP. Classic has elb, then client:port.
            var third = NextToken(ref line);
            if (IsIp(second) && (DecimalText.IsDigits(third) || (expected == LogFormat.Connection && IsDash(third)))) return LogFormat.Connection;
            return LogFormat.Classic;
        }

        if (IsTimestamp(second))
        {
            // type time latency target ...: a bare decimal third. ALB access has the load balancer there.
            var third = NextToken(ref line);
            if (IsHealthCheckType(first) && (IsDecimal(third) || (expected == LogFormat.HealthCheck && IsDash(third))))
                return LogFormat.HealthCheck;
            if (IsAlbRequestType(first)) return LogFormat.Application;
            return LogFormat.Unknown;
        }

        if (first.SequenceEqual("tls"u8) && IsVersion(second)) return LogFormat.Network;
        return LogFormat.Unknown;
    }

    /// <summary>The kind an object's file name announces (AWS's key layout), or <see cref="LogFormat.Unknown"/>.</summary>
    public static LogFormat ExpectedFromName(string name)
    {
        var file = name.AsSpan(name.LastIndexOfAny(['/', '\\']) + 1);
        // AWS's pages print both conn_log_ (real objects) and conn_log. (older copies).
        if (file.StartsWith("conn_log_") || file.StartsWith("conn_log.")) return LogFormat.Connection;
        if (file.StartsWith("health_check_log_") || file.StartsWith("health_check_log.")) return LogFormat.HealthCheck;
        return LogFormat.Unknown;
    }

    /// <summary>The next space-separated token, consumed from <paramref name="rest"/>; empty at the end or at a leading space.</summary>
    private static ReadOnlySpan<byte> NextToken(ref ReadOnlySpan<byte> rest)
    {
        int space = rest.IndexOf((byte)' ');
        var token = space < 0 ? rest : rest[..space];
        rest = space < 0 ? default : rest[(space + 1)..];
        return token;
    }

    private static bool IsAlbRequestType(ReadOnlySpan<byte> token) =>
        token.SequenceEqual("http"u8) || token.SequenceEqual("https"u8) || token.SequenceEqual("h2"u8) ||
        token.SequenceEqual("grpcs"u8) || token.SequenceEqual("ws"u8) || token.SequenceEqual("wss"u8);

    /// <summary>The health check types AWS documents.</summary>
    private static bool IsHealthCheckType(ReadOnlySpan<byte> token) =>
        token.SequenceEqual("http"u8) || token.SequenceEqual("https"u8) || token.SequenceEqual("h2"u8) ||
        token.SequenceEqual("grpc"u8) || token.SequenceEqual("lambda"u8);

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

    /// <summary>A bare IPv4 or IPv6 address (no port, no brackets).</summary>
    private static bool IsIp(ReadOnlySpan<byte> token)
    {
        // One scalar pass that stops at the first byte no address has (most second tokens are a load balancer's name).
        if (token.Length < 2 || token.Length > 45) return false;
        int colons = 0, dots = 0;
        bool hexLetters = false;
        foreach (byte b in token)
        {
            if (b == (byte)':') colons++;
            else if (b == (byte)'.') dots++;
            else if ((uint)(b - '0') > 9)
            {
                if ((uint)((b | 0x20) - 'a') > 'f' - 'a') return false;
                hexLetters = true;
            }
        }

        return colons == 0 ? dots == 3 && !hexLetters : colons >= 2;
    }

    private static bool IsDash(ReadOnlySpan<byte> token) => token.Length == 1 && token[0] == (byte)'-';
}
