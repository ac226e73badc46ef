using System.Buffers.Text;
using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Events;

/// <summary>
/// DROP_WHEN and SAMPLE_WHEN on a parsed line, before its event is written (<see cref="FilterOptions"/>): which rule, if
/// any, leaves it out. Compiled once per run from the rules: each condition's field index in every log kind (-1 where the
/// kind lacks it) and its value as UTF-8 bytes or a number; a line is then judged on its spans, with no allocation. A
/// sample rule keeps a line when a hash of its event id falls below its fraction, so a line is kept or left out alike on
/// every run, in both schemas.
/// </summary>
internal sealed class LineFilter
{
    private readonly Rule[] _rules;

    public LineFilter(FilterOptions options) =>
        _rules = [.. options.Rules.Select(r => new Rule([.. r.Conditions.Select(Compile)], r.KeepFraction is { } f ? Threshold(f) : null))];

    /// <summary>The rules to judge by; null when there are none, so that a run without rules asks nothing per line.</summary>
    public static LineFilter? For(FilterOptions options) => options.IsEmpty ? null : new LineFilter(options);

    /// <summary>The 1-based number of the rule that leaves <paramref name="line"/> out, or 0 when it is kept.</summary>
    /// <param name="line">A line parsed without failure.</param>
    /// <param name="source">Its source (the event id's hash).</param>
    /// <param name="position">Its position (the event id's offset).</param>
    public int LeftOutBy(scoped in ParsedLine line, LogSource source, LinePosition position)
    {
        int kind = line.Kind!.Index;
        for (int r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            if (!Matches(rule.Conditions, in line, kind)) continue;
            if (rule.KeepBelow is not { } keepBelow) return r + 1;
            return Mix(source.IdHash, position.ByteOffset) < keepBelow ? 0 : r + 1;
        }

        return 0;
    }

    private static bool Matches(Condition[] conditions, scoped in ParsedLine line, int kind)
    {
        foreach (var c in conditions)
        {
            int index = c.FieldIndex[kind];
            if (index < 0 || index >= line.Fields.Length) return false;   // the kind, or this older line, has no such field
            if (!Holds(c, line.Value(line.Fields[index]))) return false;
        }

        return true;
    }

    private static bool Holds(Condition c, ReadOnlySpan<byte> value)
    {
        if (c.StatusClass != 0)
        {
            bool inClass = value.Length == 3 && value[0] == c.StatusClass && char.IsAsciiDigit((char)value[1]) && char.IsAsciiDigit((char)value[2]);
            return c.Operator == FilterOperator.Equal ? inClass : !inClass;
        }

        switch (c.Operator)
        {
            case FilterOperator.Equal: return value.SequenceEqual(c.Value);
            case FilterOperator.NotEqual: return !value.SequenceEqual(c.Value);
            case FilterOperator.StartsWith: return value.StartsWith(c.Value);
            case FilterOperator.Contains: return value.IndexOf(c.Value) >= 0;
        }

        // A value that is no number ("-": none) is on neither side of any comparison.
        if (!Utf8Parser.TryParse(value, out double number, out int used) || used != value.Length) return false;
        return c.Operator switch
        {
            FilterOperator.Less => number < c.Number,
            FilterOperator.LessOrEqual => number <= c.Number,
            FilterOperator.Greater => number > c.Number,
            _ => number >= c.Number,
        };
    }

    /// <summary>SplitMix64's finalizer over the event id's parts: uniform, so a fraction f of the ids fall below f x 2^64.</summary>
    private static ulong Mix(ulong idHash, long offset)
    {
        ulong z = idHash + (ulong)offset * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Threshold(double fraction) => fraction >= 1 ? ulong.MaxValue : (ulong)(fraction * 18446744073709551616.0);

    private static Condition Compile(FilterCondition c) => new(
        [.. LogKind.All.Select(kind => Array.FindIndex(kind.Fields, f => f.Name == c.Field))], c.Operator, Encoding.UTF8.GetBytes(c.Value), c.Number, c.StatusClass);

    private sealed record Condition(int[] FieldIndex, FilterOperator Operator, byte[] Value, double Number, byte StatusClass);

    private sealed record Rule(Condition[] Conditions, ulong? KeepBelow);
}
