namespace ElbLogProcessor.Parsing;

/// <summary>One format's fields in log order (docs/log-formats.md), with their names in the event schema.</summary>
/// <param name="Format">The format.</param>
/// <param name="Name">How messages name a line of this format (<c>classic</c>, <c>application</c>, ...).</param>
/// <param name="QuoteAware">Quoted fields may hold spaces (NLB fields are never quoted: its ALPN list holds literal quotes).</param>
/// <param name="MinimumFields">The oldest layout of the format still read back; fewer fields is a parse failure.</param>
/// <param name="Fields">Every field this version knows; later ones go to <c>ExtraFields</c>.</param>
internal sealed record LogLayout(LogFormat Format, string Name, bool QuoteAware, int MinimumFields, LogField[] Fields);
