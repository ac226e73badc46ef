namespace ElbLogProcessor.Parsing;

/// <summary>One field of a line: its bytes exclude the surrounding quotes.</summary>
/// <param name="Start">Offset of the field's first byte in the line.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Quoted">The field was written between double quotes.</param>
/// <param name="HasEscapes">A backslash escape occurs inside the quotes.</param>
internal readonly record struct Field(int Start, int Length, bool Quoted, bool HasEscapes);
