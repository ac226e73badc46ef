using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// One parsed line as the ECS mappings read it: its fields, its request line split once (before any later field's
/// unescaping can overwrite it), where it is, and its source's template.
/// </summary>
internal readonly ref struct EcsLine(ParsedLine parsed, RequestParts request, LinePosition position, EcsSourceTemplate source,
    EcsScratch scratch)
{
    public readonly ParsedLine Parsed = parsed;

    /// <summary>The request line's method, URL and protocol (empty for a kind without one, and for <c>"- - - "</c>).</summary>
    public readonly RequestParts Request = request;

    public readonly LinePosition Position = position;

    public readonly EcsSourceTemplate Source = source;

    /// <summary>Buffers for values rebuilt from the line (a decoded URL).</summary>
    public readonly EcsScratch Scratch = scratch;

    /// <summary>The line has field <paramref name="index"/>, and it is not <c>-</c>.</summary>
    public bool Has(int index) => index < Parsed.Fields.Length && !LineParser.IsAbsent(Parsed.Raw(Parsed.Fields[index]));

    /// <summary>Field <paramref name="index"/> as written, without its quotes (the line must have it).</summary>
    public ReadOnlySpan<byte> Raw(int index) => Parsed.Raw(Parsed.Fields[index]);

    /// <summary>Field <paramref name="index"/> unescaped: valid until the next call.</summary>
    public ReadOnlySpan<byte> Value(int index) => Parsed.Value(Parsed.Fields[index]);
}

/// <summary>The request line's parts, each empty when <c>-</c>.</summary>
internal readonly ref struct RequestParts(ReadOnlySpan<byte> method, ReadOnlySpan<byte> url, ReadOnlySpan<byte> protocol)
{
    public readonly ReadOnlySpan<byte> Method = method;
    public readonly ReadOnlySpan<byte> Url = url;
    public readonly ReadOnlySpan<byte> Protocol = protocol;

    /// <summary>No method and no URL: <c>"- - - "</c> (a TCP or SSL listener).</summary>
    public bool IsEmpty => Method.IsEmpty && Url.IsEmpty;
}

/// <summary>The ECS writer's scratch buffers, grown to the longest value and kept (one writer per reading loop).</summary>
internal sealed class EcsScratch
{
    private byte[] _request = [];   // the request line, when its unescaping would be overwritten by a later field's
    private byte[] _decoded = [];   // URL parts decoded from %XX

    /// <summary>A copy of <paramref name="request"/> that later unescaping cannot overwrite.</summary>
    public ReadOnlySpan<byte> KeepRequest(ReadOnlySpan<byte> request)
    {
        if (_request.Length < request.Length) _request = new byte[Math.Max(request.Length, 256)];
        request.CopyTo(_request);
        return _request.AsSpan(0, request.Length);
    }

    /// <summary>Room for the parts of a URL of <paramref name="urlLength"/> bytes, decoded (<see cref="UriParts.ScratchFor"/>).</summary>
    public Span<byte> DecodedUrl(int urlLength)
    {
        int room = UriParts.ScratchFor(urlLength);
        if (_decoded.Length < room) _decoded = new byte[Math.Max(room, 1024)];
        return _decoded;
    }
}
