using System.Runtime.CompilerServices;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Parsing;

/// <summary>
/// One line as the <see cref="LineParser"/> read it: valid UTF-8 text, the kind it was
/// detected as, and its fields, or why it is not a line of that kind. Valid until the
/// parser reads the next line.
/// </summary>
internal readonly ref struct ParsedLine
{
    private readonly LineParser? _parser;
    private readonly ReadOnlySpan<byte> _values;

    internal ParsedLine(LineParser parser, ReadOnlySpan<byte> text, ReadOnlySpan<byte> values, LogKind? kind, ReadOnlySpan<Field> fields,
        string? failure, bool valuesNeedEscaping = true)
    {
        _parser = parser;
        Text = text;
        _values = values;
        Kind = kind;
        Fields = fields;
        Failure = failure;
        ValuesNeedEscaping = valuesNeedEscaping;
    }

    /// <summary>Empty or only white space: no event.</summary>
    public bool IsBlank => _parser is null;

    /// <summary>The line (a legacy line, or a vended record as written), with invalid UTF-8 replaced by U+FFFD.</summary>
    public ReadOnlySpan<byte> Text { get; }

    /// <summary>The kind the line was detected as; null when it starts no known kind.</summary>
    public LogKind? Kind { get; }

    /// <summary>The line's fields (empty when <see cref="Failure"/> is set).</summary>
    public ReadOnlySpan<Field> Fields { get; }

    /// <summary>Why the line is not a valid line of its kind; null when it is.</summary>
    public string? Failure { get; }

    /// <summary>
    /// False when no value of the line (field, part of a field, or extra field) can need JSON
    /// escaping (<see cref="FieldTokenizer.ValuesNeedEscaping"/>): the writer may copy them as they are.
    /// </summary>
    public bool ValuesNeedEscaping { get; }

    /// <summary>The field's text as written, without its quotes (a vended record's values are in a buffer of their own, escapes resolved).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Raw(Field field) => _values.Slice(field.Start, field.Length);

    /// <summary>
    /// A number field as JSON number text, written while the line was checked: an integer in its
    /// shortest form, a timing (<see cref="ValueKind.Seconds"/> or <see cref="ValueKind.Milliseconds"/>)
    /// in milliseconds. Only for a field that is not absent.
    /// </summary>
    public ReadOnlySpan<byte> Number(int index) => _parser!.Number(index);

    /// <summary>The field's value: quotes removed, <c>\"</c> and <c>\\</c> resolved. Valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Value(Field field) => _parser!.Unescape(Raw(field), field);
}
