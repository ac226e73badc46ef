using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// Splits a request URL into the parts Elasticsearch's <c>uri_parts</c> ingest processor gives
/// (<c>url.scheme</c>, <c>domain</c>, <c>port</c>, <c>path</c>, <c>extension</c>, <c>query</c>, <c>fragment</c>,
/// <c>user_info</c>, <c>username</c>, <c>password</c>), with the same values: the processor parses with
/// <c>java.net.URI</c> (RFC 2396, whose path, query, fragment and user info come back percent-decoded),
/// and when that refuses the text (a space, a quote, a brace...), with the lenient <c>java.net.URL</c>,
/// whose parts stay as written; when both refuse, it gives nothing. Written here because the
/// integration's events must be matched value for value, and no .NET parser follows Java's rules
/// (System.Uri normalizes paths, lower-cases hosts and escapes what Java decodes). Works on UTF-8
/// spans; decoded parts go into the caller's scratch buffer, so nothing is allocated.
/// </summary>
internal static class UriParts
{
    // Character classes of java.net.URI.Parser, for ASCII.
    private const int Alpha = 1, Digit = 2, Mark = 4, Reserved = 8, Hex = 16, PathExtra = 32, UserInfoExtra = 64, RegNameExtra = 128,
        ServerExtra = 256, SchemeExtra = 512;

    private static readonly ushort[] Classes = BuildClasses();

    // The ASCII characters of each class combination AllOf is asked about (by the URI grammar's productions).
    private static readonly SearchValues<byte> UricSet = SetOf(Reserved | Alpha | Digit | Mark);
    private static readonly SearchValues<byte> PathSet = SetOf(Alpha | Digit | Mark | PathExtra);
    private static readonly SearchValues<byte> ServerSet = SetOf(Alpha | Digit | Mark | UserInfoExtra | ServerExtra);
    private static readonly SearchValues<byte> RegNameSet = SetOf(Alpha | Digit | Mark | RegNameExtra);
    private static readonly SearchValues<byte> UserInfoSet = SetOf(Alpha | Digit | Mark | UserInfoExtra);

    /// <summary>The parts of one URL; spans point into the URL or into the scratch buffer given to <see cref="TrySplit"/>.</summary>
    internal ref struct Parts
    {
        public ReadOnlySpan<byte> Scheme;
        public bool HasScheme;

        /// <summary>java.net.URL gave the parts: it lower-cases the scheme, java.net.URI keeps it as written.</summary>
        public bool LowercaseScheme;
        public ReadOnlySpan<byte> Domain;
        public bool HasDomain;
        public int Port;
        public ReadOnlySpan<byte> Path;
        public bool HasPath;
        public ReadOnlySpan<byte> Query;
        public bool HasQuery;
        public ReadOnlySpan<byte> Fragment;
        public bool HasFragment;
        public ReadOnlySpan<byte> UserInfo;
        public bool HasUserInfo;

        /// <summary>After the last <c>.</c> of the path's last segment, as <c>uri_parts</c> takes it.</summary>
        public readonly ReadOnlySpan<byte> Extension(out bool has)
        {
            has = false;
            if (!HasPath) return default;
            int slash = Path.LastIndexOf((byte)'/');
            if (slash < 0) return default;
            int dot = Path[slash..].LastIndexOf((byte)'.');
            if (dot < 0) return default;
            has = true;
            return Path[(slash + dot + 1)..];
        }
    }

    /// <summary>
    /// Splits <paramref name="url"/> (valid UTF-8) as <c>uri_parts</c> does; false when it cannot (the processor then
    /// fails, and the integration, which ignores that failure, writes no <c>url.*</c> at all).
    /// </summary>
    /// <param name="url">The URL of the request line.</param>
    /// <param name="scratch">Room for the decoded parts: three times the URL's length at most.</param>
    /// <param name="parts">The parts.</param>
    public static bool TrySplit(ReadOnlySpan<byte> url, Span<byte> scratch, out Parts parts) =>
        TryUri(url, scratch, out parts) || TryUrl(url, out parts);

    // ---- java.net.URI ----

    private static bool TryUri(ReadOnlySpan<byte> s, Span<byte> scratch, out Parts result)
    {
        result = default;
        Parts parts = default;
        parts.Port = -1;
        int n = s.Length;
        if (n == 0) return false;

        // A scheme is what comes before a ':' that no '/', '?' or '#' precedes.
        int colon = -1;
        for (int i = 0; i < n; i++)
        {
            byte c = s[i];
            if (c is (byte)'/' or (byte)'?' or (byte)'#') break;
            if (c == (byte)':')
            {
                colon = i;
                break;
            }
        }

        int p = 0;
        ReadOnlySpan<byte> path = default, query = default, fragment = default, userInfo = default;
        bool hasPath = false, hasQuery = false, hasFragment = false, hasUserInfo = false;
        if (colon >= 0)
        {
            if (colon == 0 || !Is(s[0], Alpha)) return false;
            for (int i = 1; i < colon; i++)
                if (!Is(s[i], Alpha | Digit | SchemeExtra)) return false;
            parts.Scheme = s[..colon];
            parts.HasScheme = true;
            p = colon + 1;
            if (p < n && s[p] == (byte)'/')
            {
                if (!Hierarchical(s, ref p, ref parts, out path, out hasPath, out query, out hasQuery, out userInfo, out hasUserInfo)) return false;
            }
            else
            {
                // Opaque (mailto:...): no path, no host.
                int q = IndexOfFrom(s, p, (byte)'#');
                if (q <= p || !AllOf(s[p..q], Reserved | Alpha | Digit | Mark, escapes: true)) return false;
                p = q;
            }
        }
        else if (!Hierarchical(s, ref p, ref parts, out path, out hasPath, out query, out hasQuery, out userInfo, out hasUserInfo))
        {
            return false;
        }

        if (p < n && s[p] == (byte)'#')
        {
            if (!AllOf(s[(p + 1)..], Reserved | Alpha | Digit | Mark, escapes: true)) return false;
            fragment = s[(p + 1)..];
            hasFragment = true;
            p = n;
        }

        if (p < n) return false;

        // getPath, getQuery, getFragment and getUserInfo decode %XX (as UTF-8, a bad sequence becoming U+FFFD).
        int used = 0;
        parts.Path = Decode(path, scratch, ref used);
        parts.HasPath = hasPath;
        parts.Query = Decode(query, scratch, ref used);
        parts.HasQuery = hasQuery;
        parts.Fragment = Decode(fragment, scratch, ref used);
        parts.HasFragment = hasFragment;
        parts.UserInfo = Decode(userInfo, scratch, ref used);
        parts.HasUserInfo = hasUserInfo;
        result = parts;
        return true;
    }

    private static bool Hierarchical(ReadOnlySpan<byte> s, scoped ref int p, scoped ref Parts parts, out ReadOnlySpan<byte> path, out bool hasPath,
        out ReadOnlySpan<byte> query, out bool hasQuery, out ReadOnlySpan<byte> userInfo, out bool hasUserInfo)
    {
        int n = s.Length;
        path = query = userInfo = default;
        hasPath = hasQuery = hasUserInfo = false;
        if (p + 1 < n && s[p] == (byte)'/' && s[p + 1] == (byte)'/')
        {
            p += 2;
            int end = p;
            while (end < n && s[end] is not ((byte)'/' or (byte)'?' or (byte)'#')) end++;
            if (end > p)
            {
                if (!Authority(s[p..end], ref parts, out userInfo, out hasUserInfo)) return false;
                p = end;
            }
            else if (end >= n)
            {
                return false;   // "//" and nothing after it
            }
        }

        int pathEnd = p;
        while (pathEnd < n && s[pathEnd] is not ((byte)'?' or (byte)'#')) pathEnd++;
        if (!AllOf(s[p..pathEnd], Alpha | Digit | Mark | PathExtra, escapes: true)) return false;
        path = s[p..pathEnd];
        hasPath = true;
        p = pathEnd;
        if (p < n && s[p] == (byte)'?')
        {
            p++;
            int queryEnd = IndexOfFrom(s, p, (byte)'#');
            if (!AllOf(s[p..queryEnd], Reserved | Alpha | Digit | Mark, escapes: true)) return false;
            query = s[p..queryEnd];
            hasQuery = true;
            p = queryEnd;
        }

        return true;
    }

    /// <summary>
    /// A server authority (<c>[user@]host[:port]</c>) gives host and port; one that only a registry could
    /// name (an underscore in the host, a port that is not a number) gives neither, and is still accepted.
    /// </summary>
    private static bool Authority(ReadOnlySpan<byte> a, scoped ref Parts parts, out ReadOnlySpan<byte> userInfo, out bool hasUserInfo)
    {
        userInfo = default;
        hasUserInfo = false;
        bool hasBracket = a.Contains((byte)']');
        bool serverChars = AllOf(a, Alpha | Digit | Mark | UserInfoExtra | ServerExtra, escapes: true, percentAlone: hasBracket);
        if (serverChars && Server(a, ref parts, out userInfo, out hasUserInfo)) return true;
        parts.HasDomain = false;
        parts.Port = -1;
        userInfo = default;
        hasUserInfo = false;
        return AllOf(a, Alpha | Digit | Mark | RegNameExtra, escapes: true);   // asked only when it is not a server's
    }

    private static bool Server(ReadOnlySpan<byte> a, scoped ref Parts parts, out ReadOnlySpan<byte> userInfo, out bool hasUserInfo)
    {
        userInfo = default;
        hasUserInfo = false;
        int p = 0, n = a.Length;
        int at = a.IndexOf((byte)'@');
        if (at >= 0)
        {
            if (!AllOf(a[..at], Alpha | Digit | Mark | UserInfoExtra, escapes: true)) return false;
            userInfo = a[..at];
            hasUserInfo = true;
            p = at + 1;
        }

        int hostStart = p;
        if (p < n && a[p] == (byte)'[')
        {
            int close = a[p..].IndexOf((byte)']');
            if (close <= 1 || !IsIPv6(a.Slice(p + 1, close - 1))) return false;
            p += close + 1;
        }
        else
        {
            int q = IPv4(a, p);
            if (q <= p) q = Hostname(a, p);
            if (q <= p) return false;
            p = q;
        }

        parts.Domain = a[hostStart..p];
        parts.HasDomain = true;
        if (p < n && a[p] == (byte)':')
        {
            p++;
            int digits = p;
            long port = 0;
            while (p < n && (uint)(a[p] - '0') <= 9)
            {
                port = port * 10 + (a[p] - '0');
                if (port > int.MaxValue) return false;
                p++;
            }

            if (p > digits) parts.Port = (int)port;
        }

        return p == n;
    }

    /// <summary>A dotted quad of bytes up to 255 (any number of digits, as java.net.URI scans them), followed by the end or a ':'; the index after it, or -1.</summary>
    private static int IPv4(ReadOnlySpan<byte> a, int start)
    {
        int length = IpText.DottedQuad(a[start..], maxDigits: int.MaxValue);
        if (length < 0) return -1;
        int p = start + length;
        return p == a.Length || a[p] == (byte)':' ? p : -1;
    }

    /// <summary>Labels of letters, digits and inner hyphens separated by dots; the last must start with a letter.</summary>
    private static int Hostname(ReadOnlySpan<byte> a, int start)
    {
        int p = start, n = a.Length, lastLabel = -1;
        while (p < n)
        {
            int label = p;
            while (p < n && Is(a[p], Alpha | Digit)) p++;
            if (p == label) break;
            lastLabel = label;
            while (p < n && (Is(a[p], Alpha | Digit) || a[p] == (byte)'-')) p++;
            if (a[p - 1] == (byte)'-') return -1;
            if (p < n && a[p] == (byte)'.') p++;
            else break;
        }

        if (p < n && a[p] != (byte)':') return -1;
        if (lastLabel < 0) return -1;
        if (lastLabel > start && !Is(a[lastLabel], Alpha)) return -1;
        return p;
    }

    /// <summary>An IPv6 literal, with an optional <c>%zone</c>.</summary>
    private static bool IsIPv6(ReadOnlySpan<byte> text)
    {
        int zone = text.IndexOf((byte)'%');
        return IpText.IsIPv6(zone >= 0 ? text[..zone] : text);
    }

    // ---- java.net.URL (the fallback) ----

    private static bool TryUrl(ReadOnlySpan<byte> s, out Parts parts)
    {
        parts = default;
        parts.Port = -1;
        s = s.Trim(" \t\r\n\f\v"u8);
        int colon = s.IndexOf((byte)':');
        if (colon <= 0 || s[..colon].IndexOf((byte)'/') >= 0) return false;
        var protocol = s[..colon];
        if (!IsKnownProtocol(protocol)) return false;
        parts.Scheme = protocol;
        parts.HasScheme = true;
        parts.LowercaseScheme = true;

        int start = colon + 1, limit = s.Length;
        int hash = s.IndexOf((byte)'#');
        if (hash >= 0)
        {
            parts.Fragment = s[(hash + 1)..];
            parts.HasFragment = true;
            limit = hash;
        }

        int question = s[..limit].IndexOf((byte)'?');
        if (question >= 0 && question >= start)
        {
            parts.Query = s[(question + 1)..limit];
            parts.HasQuery = true;
            limit = question;
        }

        if (start + 1 < limit && s[start] == (byte)'/' && s[start + 1] == (byte)'/' &&
            !(start + 3 < limit && s[start + 2] == (byte)'/' && s[start + 3] == (byte)'/'))
        {
            start += 2;
            int end = s[start..limit].IndexOf((byte)'/');
            end = end < 0 ? limit : start + end;
            var authority = s[start..end];
            var host = authority;
            int at = authority.IndexOf((byte)'@');
            if (at >= 0)
            {
                if (at != authority.LastIndexOf((byte)'@')) host = default;
                else
                {
                    parts.UserInfo = authority[..at];
                    parts.HasUserInfo = true;
                    host = authority[(at + 1)..];
                }
            }

            if (!host.IsEmpty && host[0] == (byte)'[')
            {
                int close = host.IndexOf((byte)']');
                if (close <= 2 || !IsIPv6(host[1..close])) return false;
                if (close + 1 < host.Length)
                {
                    if (host[close + 1] != (byte)':' || !TryPort(host[(close + 2)..], ref parts.Port)) return false;
                }

                host = host[..(close + 1)];
            }
            else
            {
                int portColon = host.IndexOf((byte)':');
                if (portColon >= 0)
                {
                    if (!TryPort(host[(portColon + 1)..], ref parts.Port)) return false;
                    host = host[..portColon];
                }
            }

            parts.Domain = host;
            parts.HasDomain = true;
            start = end;
        }
        else
        {
            parts.Domain = default;
            parts.HasDomain = true;   // URL's host is "" when there is no authority
        }

        // The path as written (URL keeps escapes); URL also drops "/./" and "/../" segments, a rare case not followed here.
        parts.Path = s[start..limit];
        parts.HasPath = true;
        return true;
    }

    /// <summary>A port after ':' as URL reads it: empty is none, otherwise digits.</summary>
    private static bool TryPort(ReadOnlySpan<byte> text, ref int port)
    {
        if (text.IsEmpty) return true;
        long value = 0;
        foreach (byte c in text)
        {
            if ((uint)(c - '0') > 9) return false;
            value = value * 10 + (c - '0');
            if (value > int.MaxValue) return false;
        }

        port = (int)value;
        return true;
    }

    /// <summary>The protocols a JDK has a handler for, of those a URL in a request line can name.</summary>
    private static bool IsKnownProtocol(ReadOnlySpan<byte> protocol) =>
        Ascii.EqualsIgnoreCase(protocol, "http"u8) || Ascii.EqualsIgnoreCase(protocol, "https"u8) ||
        Ascii.EqualsIgnoreCase(protocol, "ftp"u8) || Ascii.EqualsIgnoreCase(protocol, "file"u8) || Ascii.EqualsIgnoreCase(protocol, "jar"u8);

    // ---- shared ----

    /// <summary>
    /// Every byte is of <paramref name="classes"/>, an escape <c>%XX</c> (when allowed), or part of a visible
    /// non-ASCII character (Java allows those where it allows escapes). <paramref name="percentAlone"/>: a bare
    /// <c>%</c> is allowed (an IPv6 zone).
    /// </summary>
    private static bool AllOf(ReadOnlySpan<byte> text, int classes, bool escapes, bool percentAlone = false)
    {
        // Most of a URL is plain characters of the class: a vectorized search skips them to the first that is not.
        int start = text.IndexOfAnyExcept(PlainSet(classes));
        if (start < 0) return true;
        for (int i = start; i < text.Length; i++)
        {
            byte c = text[i];
            if (c < 0x80)
            {
                if (Is(c, classes)) continue;
                if (c == (byte)'%')
                {
                    if (percentAlone) continue;
                    if (escapes && i + 2 < text.Length && Is(text[i + 1], Hex) && Is(text[i + 2], Hex))
                    {
                        i += 2;
                        continue;
                    }
                }

                return false;
            }

            if (!escapes || !VisibleNonAscii(text[i..], out int length)) return false;
            i += length - 1;
        }

        return true;
    }

    /// <summary>A character above U+0080 that is neither a space separator nor a control character (Java's "other").</summary>
    private static bool VisibleNonAscii(ReadOnlySpan<byte> text, out int length)
    {
        if (System.Text.Rune.DecodeFromUtf8(text, out var rune, out length) != System.Buffers.OperationStatus.Done) return false;
        return rune.Value > 0x80 && !System.Text.Rune.IsControl(rune) &&
               System.Text.Rune.GetUnicodeCategory(rune) is not (System.Globalization.UnicodeCategory.SpaceSeparator or
                   System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator);
    }

    /// <summary>Resolves <c>%XX</c> into <paramref name="scratch"/>; text without <c>%</c> is returned as it is.</summary>
    private static ReadOnlySpan<byte> Decode(ReadOnlySpan<byte> text, Span<byte> scratch, scoped ref int used)
    {
        if (text.IndexOf((byte)'%') < 0) return text;
        var destination = scratch[used..];
        int written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == (byte)'%' && i + 2 < text.Length)
            {
                c = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                i += 2;
            }

            destination[written++] = c;
        }

        var decoded = destination[..written];
        if (Utf8.IsValid(decoded))
        {
            used += written;
            return decoded;
        }

        // A sequence that is not UTF-8 becomes U+FFFD (three bytes for each bad byte at most), after the decoded bytes.
        var repaired = scratch[(used + written)..];
        int length = Repair(decoded, repaired);
        used += written + length;
        return repaired[..length];
    }

    private static int Repair(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        int written = 0;
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out int consumed);
            if (status != System.Buffers.OperationStatus.Done) rune = System.Text.Rune.ReplacementChar;
            written += rune.EncodeToUtf8(destination[written..]);
            bytes = bytes[consumed..];
        }

        return written;
    }

    /// <summary>The room <see cref="TrySplit"/> may need for decoded parts of a URL of <paramref name="length"/> bytes.</summary>
    public static int ScratchFor(int length) => checked(length * 4);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static int IndexOfFrom(ReadOnlySpan<byte> s, int start, byte value)
    {
        int i = s[start..].IndexOf(value);
        return i < 0 ? s.Length : start + i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Is(byte c, int classes) => c < 0x80 && (Classes[c] & classes) != 0;

    private static SearchValues<byte> PlainSet(int classes) => classes switch
    {
        Reserved | Alpha | Digit | Mark => UricSet,
        Alpha | Digit | Mark | PathExtra => PathSet,
        Alpha | Digit | Mark | UserInfoExtra | ServerExtra => ServerSet,
        Alpha | Digit | Mark | RegNameExtra => RegNameSet,
        Alpha | Digit | Mark | UserInfoExtra => UserInfoSet,
        _ => throw new ArgumentOutOfRangeException(nameof(classes), classes, "no character set for these classes"),
    };

    private static SearchValues<byte> SetOf(int classes)
    {
        var members = new List<byte>();
        for (int c = 0; c < 128; c++)
            if ((Classes[c] & classes) != 0) members.Add((byte)c);
        return SearchValues.Create(members.ToArray());
    }

    private static ushort[] BuildClasses()
    {
        var classes = new ushort[128];
        void Add(string chars, int @class)
        {
            foreach (char c in chars) classes[c] |= (ushort)@class;
        }

        for (char c = 'a'; c <= 'z'; c++) classes[c] |= Alpha;
        for (char c = 'A'; c <= 'Z'; c++) classes[c] |= Alpha;
        for (char c = '0'; c <= '9'; c++) classes[c] |= Digit | Hex;
        Add("abcdefABCDEF", Hex);
        Add("-_.!~*'()", Mark);
        Add(";/?:@&=+$,[]", Reserved);
        Add(":@&=+$,;/", PathExtra);           // pchar's extras, and ';' and '/' of a path
        Add(";:&=+$,", UserInfoExtra);
        Add("$,;:@&=+", RegNameExtra);
        Add("-.:@[]", ServerExtra);
        Add("+-.", SchemeExtra);
        return classes;
    }
}
