using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Events;

/// <summary>
/// DROP_WHEN and SAMPLE_WHEN on a parsed line, before its event is written (<see cref="FilterOptions"/>): which rule, if
/// any, leaves it out. Compiled once per process from the rules: for each log kind, the rules whose fields it has, each
/// condition as the field's index there and its value as UTF-8 bytes or a number; a line is then judged on its spans, with
/// no allocation. A sample rule keeps a line when a hash of its event id falls below its fraction, so a line is kept or
/// left out alike on every run, in both schemas. A line that could not be parsed is never left out: it is sent, tagged.
/// </summary>
internal sealed class LineFilter
{
    /// <summary>By log kind: the rules that can match its lines (a rule naming a field the kind lacks cannot), compiled for it.</summary>
    private readonly KindRules?[] _byKind;

    public LineFilter(FilterOptions options) =>
        _byKind = [.. LogKind.All.Select(kind => KindRules.Compile(kind, options.Rules))];

    /// <summary>The rules to judge by; null when there are none, so that a run without rules asks nothing per line.</summary>
    public static LineFilter? For(FilterOptions options) => options.IsEmpty ? null : new LineFilter(options);

    /// <summary>The 1-based number of the rule that leaves <paramref name="line"/> out, or 0 when it is kept.</summary>
    /// <param name="line">A parsed line (one that failed to parse is kept).</param>
    /// <param name="source">Its source (the event id's hash).</param>
    /// <param name="position">Its position (the event id's offset).</param>
    public int LeftOutBy(scoped in ParsedLine line, LogSource source, LinePosition position)
    {
        if (line.Failure is not null || _byKind[line.Kind!.Index] is not { } rules) return 0;
        var fields = line.Fields;
        var checks = rules.Checks;
        for (int r = 0; r < rules.Numbers.Length; r++)
        {
            bool matches = true;
            for (int i = rules.Starts[r]; i < rules.Starts[r + 1] && matches; i++)
            {
                ref readonly var check = ref checks[i];
                // An older line of the kind may stop before the field: then the condition does not hold.
                matches = check.Field < fields.Length && Holds(in check, line.Value(fields[check.Field]));
            }

            if (!matches) continue;
            ulong keepBelow = rules.KeepBelow[r];
            bool leftOut = keepBelow == 0 || (keepBelow != ulong.MaxValue && Mix(source.IdHash, position.ByteOffset) >= keepBelow);
            return leftOut ? rules.Numbers[r] : 0;
        }

        return 0;
    }

    // Inlined into the rule loop: measured 60 to 53 ns per classic line for the five benchmark conditions (judging alone).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds(scoped in Check c, ReadOnlySpan<byte> value)
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
        if (!TryNumber(value, out double number)) return false;
        return c.Operator switch
        {
            FilterOperator.Less => number < c.Number,
            FilterOperator.LessOrEqual => number <= c.Number,
            FilterOperator.Greater => number > c.Number,
            _ => number >= c.Number,
        };
    }

    /// <summary>The value as a number: whole numbers (byte counts, status codes, ports: most values compared) digit by digit, the rest by the general parser.</summary>
    private static bool TryNumber(ReadOnlySpan<byte> value, out double number)
    {
        if (value.Length is > 0 and <= 18)
        {
            long whole = 0;
            int i = 0;
            for (; i < value.Length; i++)
            {
                uint digit = (uint)(value[i] - '0');
                if (digit > 9) break;
                whole = whole * 10 + digit;
            }

            if (i == value.Length)
            {
                number = whole;
                return true;
            }
        }

        return Utf8Parser.TryParse(value, out number, out int used) && used == value.Length;
    }

    /// <summary>SplitMix64's finalizer over the event id's parts: uniform, so a fraction f of the ids fall below f x 2^64.</summary>
    private static ulong Mix(ulong idHash, long offset)
    {
        ulong z = idHash + (ulong)offset * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The hash below which a line is kept (at least 1: 0 marks a drop rule).</summary>
    private static ulong Threshold(double fraction) => fraction >= 1 ? ulong.MaxValue : Math.Max(1, (ulong)(fraction * 18446744073709551616.0));

    /// <summary>One condition, for one kind: the field's position there, and the value to compare with.</summary>
    private readonly record struct Check(int Field, FilterOperator Operator, byte[] Value, double Number, byte StatusClass);

    /// <summary>The rules that can match one kind's lines: their checks in one array, rule after rule.</summary>
    /// <param name="Checks">Every rule's conditions, in order.</param>
    /// <param name="Starts">Where each rule's checks start in <paramref name="Checks"/> (one more: the end).</param>
    /// <param name="Numbers">Each rule's 1-based number among all the rules.</param>
    /// <param name="KeepBelow">For a sample rule, the hash below which a line is kept; 0 for a drop rule.</param>
    private sealed record KindRules(Check[] Checks, int[] Starts, int[] Numbers, ulong[] KeepBelow)
    {
        public static KindRules? Compile(LogKind kind, IReadOnlyList<FilterRule> rules)
        {
            var (checks, starts, numbers, keep) = (new List<Check>(), new List<int>(), new List<int>(), new List<ulong>());
            for (int r = 0; r < rules.Count; r++)
            {
                var fields = rules[r].Conditions.Select(c => Array.FindIndex(kind.Fields, f => f.Name == c.Field)).ToList();
                if (fields.Contains(-1)) continue;   // a field this kind lacks: the rule never matches its lines
                starts.Add(checks.Count);
                checks.AddRange(rules[r].Conditions.Select((c, i) => new Check(fields[i], c.Operator, Encoding.UTF8.GetBytes(c.Value), c.Number, c.StatusClass)));
                numbers.Add(r + 1);
                keep.Add(rules[r].KeepFraction is { } fraction ? Threshold(fraction) : 0);
            }

            return numbers.Count == 0 ? null : new KindRules([.. checks], [.. starts, checks.Count], [.. numbers], [.. keep]);
        }
    }
}
