namespace ElbLogProcessor.Parsing;

/// <summary>One log field: its name in the event schema and what it holds.</summary>
internal readonly record struct LogField(string Name, FieldKind Kind);
