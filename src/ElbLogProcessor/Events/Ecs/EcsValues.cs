using ElbLogProcessor.Parsing;
using static ElbLogProcessor.Events.Ecs.EcsNames;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// How one AWS field becomes ECS values, as Elastic's integration converts it: text (with or without <c>-</c>),
/// numbers, timings, status codes, <c>ip:port</c> split, lists, times with a zone, the TLS version. Each writes
/// into the object its path names, through the <see cref="EcsDocument"/> cursor, and omits a field the line lacks.
/// </summary>
internal static class EcsValues
{
    /// <summary>A text field, omitted when <c>-</c> (unless the pipeline keeps it: <paramref name="keepDash"/>).</summary>
    public static void Text(this ref EcsDocument doc, JsonPath path, JsonName name, scoped in EcsLine line, int index, bool keepDash = false)
    {
        var fields = line.Parsed.Fields;
        if (index >= fields.Length) return;
        var field = fields[index];
        if (!keepDash && LineParser.IsAbsent(line.Parsed.Raw(field))) return;
        if (field.Length == 0 && !field.Quoted) return;
        doc.String(path, name, line.Parsed.Value(field));
    }

    /// <summary>A number field as the parser checked it (integers shortest, NLB milliseconds as written).</summary>
    public static void Number(this ref EcsDocument doc, JsonPath path, JsonName name, scoped in EcsLine line, int index)
    {
        if (line.Has(index)) doc.NumberText(path, name, line.Parsed.Number(index));
    }

    /// <summary>A timing in seconds, as the log has it (the pipeline's <c>.sec</c> floats); <c>-1</c> is no value.</summary>
    public static void Seconds(this ref EcsDocument doc, JsonPath path, scoped in EcsLine line, int index)
    {
        if (!line.Has(index)) return;
        var text = line.Raw(index);
        if (text.SequenceEqual("-1"u8)) return;
        bool plain = text[0] != (byte)'0' || text.Length == 1 || text[1] == (byte)'.';
        if (plain && text[0] != (byte)'-')
        {
            doc.NumberText(path, Sec, text);
            return;
        }

        Span<byte> number = stackalloc byte[DecimalText.MaxScaledLength];
        if (DecimalText.TryScale(text, 0, number, out int written)) doc.NumberText(path, Sec, number[..written]);
    }

    /// <summary>A status code as a JSON integer (the pipeline's <c>long</c>); omitted when it is not a number.</summary>
    public static void StatusCode(this ref EcsDocument doc, JsonPath path, JsonName name, scoped in EcsLine line, int index)
    {
        if (TryStatus(line, index, out int status)) doc.Number(path, name, status);
    }

    public static bool TryStatus(scoped in EcsLine line, int index, out int status)
    {
        status = 0;
        if (!line.Has(index)) return false;
        var text = line.Raw(index);
        if (text.Length > 9 || !DecimalText.IsDigits(text)) return false;
        status = ParseSmall(text);
        return true;
    }

    /// <summary>event.outcome from a status code, as the pipeline sets it: below 400 success, else failure.</summary>
    public static void OutcomeOfStatus(this ref EcsDocument doc, scoped in EcsLine line, int statusIndex)
    {
        if (TryStatus(line, statusIndex, out int status)) doc.String(Event, Outcome, status < 400 ? SuccessValue : FailureValue);
    }

    /// <summary><c>ip:port</c> (<c>[ip]:port</c> for IPv6) split in two, as ip and port, and the ip as address too (source).</summary>
    public static void IpAndPort(this ref EcsDocument doc, JsonPath path, scoped in EcsLine line, int index, bool portAsNumber, bool address = false)
    {
        if (!line.Has(index)) return;
        var text = line.Raw(index);
        int colon = text.LastIndexOf((byte)':');
        var ip = colon < 0 ? text : text[..colon];
        var port = colon < 0 ? default : text[(colon + 1)..];
        if (ip.Length > 1 && ip[0] == (byte)'[' && ip[^1] == (byte)']') ip = ip[1..^1];
        bool isIp = IpText.IsIp(ip);
        doc.Enter(path);
        if (address) doc.Writer.WriteString(Address, ip);
        if (isIp || !address) doc.Writer.WriteString(Ip, ip);
        if (port.IsEmpty) return;
        if (!portAsNumber) doc.Writer.WriteString(Port, port);
        else if (DecimalText.IsDigits(port) && port.Length <= 5) doc.Writer.WriteNumber(Port, ParseSmall(port));
    }

    /// <summary>An IP address field (observer.ip), when it is one.</summary>
    public static void IpAddress(this ref EcsDocument doc, JsonPath path, scoped in EcsLine line, int index)
    {
        if (!line.Has(index)) return;
        var ip = line.Value(index);
        if (IpText.IsIp(ip)) doc.String(path, Ip, ip);
    }

    /// <summary>A list field split on <paramref name="separator"/>, as the pipeline's split processors do: a JSON array of strings.</summary>
    public static void List(this ref EcsDocument doc, JsonPath path, JsonName name, scoped in EcsLine line, int index, byte separator)
    {
        if (!line.Has(index)) return;
        var value = line.Value(index);
        doc.Enter(path);
        doc.Writer.WriteStartArray(name);
        while (true)
        {
            int next = value.IndexOf(separator);
            doc.Writer.WriteStringValue(next < 0 ? value : value[..next]);
            if (next < 0) break;
            value = value[(next + 1)..];
        }

        doc.Writer.WriteEndArray();
    }

    /// <summary>A timestamp field (<c>Z</c> added when the log writes none: the pipeline's date processor reads it as UTC).</summary>
    public static void Time(this ref EcsDocument doc, JsonPath path, JsonName name, scoped in EcsLine line, int index)
    {
        if (!line.Has(index)) return;
        doc.Enter(path);
        WriteTime(ref doc.Writer, name, line.Raw(index));
    }

    /// <summary>An ISO 8601 time as the log writes it, with <c>Z</c> added when it names no zone (NLB logs).</summary>
    public static void WriteTime(ref JsonObjectWriter w, JsonName name, scoped ReadOnlySpan<byte> time)
    {
        if (HasZone(time) || time.Length > 60)
        {
            w.WriteString(name, time);
            return;
        }

        Span<byte> zoned = stackalloc byte[64];
        time.CopyTo(zoned);
        zoned[time.Length] = (byte)'Z';
        w.WriteString(name, zoned[..(time.Length + 1)]);
    }

    private static bool HasZone(ReadOnlySpan<byte> time)
    {
        if (time.IsEmpty || time[^1] == (byte)'Z') return true;
        int t = time.IndexOf((byte)'T');
        return t >= 0 && time[t..].IndexOfAny("+-"u8) >= 0;
    }

    /// <summary>
    /// tls.cipher from the cipher, and tls.version and tls.version_protocol from the protocol as the
    /// pipeline's script splits it on <c>v</c>: <c>TLSv1.2</c> is <c>1.2</c> and <c>tls</c>, <c>tlsv12</c> too
    /// (and <c>TLSv1</c> is <c>1.</c>, as the script has it).
    /// </summary>
    public static void Tls(this ref EcsDocument doc, scoped in EcsLine line, int cipher, int protocol)
    {
        doc.Text(EcsNames.Tls, Cipher, line, cipher);
        if (!line.Has(protocol)) return;
        var text = line.Value(protocol);
        int v = text.IndexOf((byte)'v');
        if (v < 0 || text[(v + 1)..].IndexOf((byte)'v') >= 0 || v + 1 >= text.Length) return;
        var number = text[(v + 1)..];
        Span<byte> version = stackalloc byte[64];
        int length;
        if (number.IndexOf((byte)'.') >= 0 || number.Length > version.Length - 1)
        {
            number = number[..Math.Min(number.Length, version.Length)];
            number.CopyTo(version);
            length = number.Length;
        }
        else
        {
            version[0] = number[0];
            version[1] = (byte)'.';
            number[1..].CopyTo(version[2..]);
            length = number.Length + 1;
        }

        doc.String(EcsNames.Tls, EcsNames.Version, version[..length]);
        Span<byte> lower = stackalloc byte[64];
        var name = text[..Math.Min(v, lower.Length)];
        System.Text.Ascii.ToLower(name, lower, out int written);
        doc.Writer.WriteString(VersionProtocol, lower[..written]);
    }

    /// <summary>http.request (body bytes, method), http.response (body bytes, status code), http.version.</summary>
    public static void Http(this ref EcsDocument doc, scoped in EcsLine line, int received, int sent, int status)
    {
        doc.Number(HttpRequestBody, Bytes, line, received);
        if (!line.Request.Method.IsEmpty) doc.String(HttpRequest, Method, line.Request.Method);
        doc.Number(HttpResponseBody, Bytes, line, sent);
        doc.StatusCode(HttpResponse, EcsNames.StatusCode, line, status);
        var protocol = line.Request.Protocol;
        if (protocol.StartsWith("HTTP/"u8) && protocol.Length > 5) doc.String(EcsNames.Http, EcsNames.Version, protocol[5..]);
    }

    /// <summary>url.* as Elasticsearch's uri_parts processor splits url.original; nothing when it cannot.</summary>
    public static void Url(this ref EcsDocument doc, scoped in EcsLine line)
    {
        var url = line.Request.Url;
        if (url.IsEmpty) return;
        if (!UriParts.TrySplit(url, line.Scratch.DecodedUrl(url.Length), out var parts)) return;

        doc.Enter(EcsNames.Url);
        ref var w = ref doc.Writer;
        if (parts.HasDomain) w.WriteStringChecked(Domain, parts.Domain);
        var extension = parts.Extension(out bool hasExtension);
        if (hasExtension) w.WriteStringChecked(Extension, extension);
        if (parts.HasFragment) w.WriteStringChecked(Fragment, parts.Fragment);
        w.WriteString(Original, url);
        if (parts.HasPath) w.WriteStringChecked(EcsNames.Path, parts.Path);
        // user_info is user:password; the members are written in name order, so the split is used twice.
        int colon = parts.HasUserInfo ? parts.UserInfo.IndexOf((byte)':') : -1;
        if (colon >= 0) w.WriteStringChecked(Password, parts.UserInfo[(colon + 1)..]);

        if (parts.Port >= 0) w.WriteNumber(Port, parts.Port);
        if (parts.HasQuery) w.WriteStringChecked(Query, parts.Query);
        if (parts.HasScheme)
        {
            Span<byte> lower = stackalloc byte[64];
            scoped var scheme = parts.Scheme;
            if (parts.LowercaseScheme && scheme.Length <= lower.Length)
            {
                System.Text.Ascii.ToLower(scheme, lower, out int written);
                scheme = lower[..written];
            }

            w.WriteStringChecked(Scheme, scheme);
        }

        if (parts.HasUserInfo)
        {
            w.WriteStringChecked(UserInfo, parts.UserInfo);
            if (colon >= 0) w.WriteStringChecked(Username, parts.UserInfo[..colon]);
        }
    }

    /// <summary>
    /// event.outcome from a word of the line: <paramref name="success"/> is success, <paramref name="failure"/> failure
    /// (also what starts with it, with <paramref name="failureIsPrefix"/>: <c>Failed:ClientCertUntrusted</c>), anything else unknown.
    /// </summary>
    public static void OutcomeOfWord(this ref EcsDocument doc, scoped in EcsLine line, int index, ReadOnlySpan<byte> success, ReadOnlySpan<byte> failure,
        bool failureIsPrefix = false)
    {
        if (!line.Has(index)) return;
        var word = line.Raw(index);
        bool failed = failureIsPrefix ? word.StartsWith(failure) : word.SequenceEqual(failure);
        doc.String(Event, Outcome, word.SequenceEqual(success) ? SuccessValue : failed ? FailureValue : UnknownValue);
    }

    /// <summary>Digits (at most 9) as a number.</summary>
    public static int ParseSmall(ReadOnlySpan<byte> digits)
    {
        int value = 0;
        foreach (byte digit in digits) value = value * 10 + (digit - '0');
        return value;
    }
}
