namespace ElbLogProcessor.Parsing;

/// <summary>One format's fields in log order (docs/log-formats.md), with their names in the event schema.</summary>
/// <param name="Format">The format.</param>
/// <param name="Name">How messages name a line of this format (<c>classic</c>, <c>application</c>, ...).</param>
/// <param name="QuoteAware">Quoted fields may hold spaces (NLB fields are never quoted: its ALPN list holds literal quotes).</param>
/// <param name="MinimumFields">The oldest layout of the format still read back; fewer fields is a parse failure.</param>
/// <param name="Fields">Every field this version knows; later ones go to <c>ExtraFields</c>.</param>
internal sealed record LogLayout(LogFormat Format, string Name, bool QuoteAware, int MinimumFields, LogField[] Fields)
{
    /// <summary>Indexes of the fields that must hold a number (integers, ports, timings), in order: what a line is checked for.</summary>
    public int[] NumberFields { get; } = [.. Enumerable.Range(0, Fields.Length).Where(i =>
        Fields[i].Kind is FieldKind.Integer or FieldKind.PortAfterIp or FieldKind.Seconds or FieldKind.Milliseconds)];
}
