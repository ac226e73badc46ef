using System.Globalization;
using ElbLogProcessor.Failures;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Configuration;

/// <summary>How a condition compares a field's value with its own.</summary>
internal enum FilterOperator
{
    /// <summary><c>=</c>: the same text (or, with <c>2xx</c> on a status code, that class).</summary>
    Equal,

    /// <summary><c>!=</c>: another text (or another class).</summary>
    NotEqual,

    /// <summary><c>^=</c>: the text starts with the value.</summary>
    StartsWith,

    /// <summary><c>*=</c>: the text contains the value.</summary>
    Contains,

    /// <summary><c>&lt;</c>, numbers (a status code, a byte count, a time in the log's own unit).</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,
}

/// <summary>One <c>&lt;field&gt;&lt;op&gt;&lt;value&gt;</c> of a rule, on an AWS field name of the log kinds (<see cref="LogField.Name"/>).</summary>
/// <param name="Field">The AWS field name.</param>
/// <param name="Operator">How it compares.</param>
/// <param name="Value">The value as written (quotes removed).</param>
/// <param name="Number">The value as a number, for the comparisons.</param>
/// <param name="StatusClass">For <c>=2xx</c> and <c>!=2xx</c> on a status code: the class's digit (<c>'2'</c>); else 0.</param>
internal sealed record FilterCondition(string Field, FilterOperator Operator, string Value, double Number = 0, byte StatusClass = 0);

/// <summary>A rule: conditions that must all hold; a drop rule leaves out what it matches, a sample rule keeps <see cref="KeepFraction"/> of it.</summary>
/// <param name="Text">The rule as configured, which names it in the summary.</param>
/// <param name="Conditions">Joined by <c> and </c>.</param>
/// <param name="KeepFraction">Of the lines a SAMPLE_WHEN rule matches, the share kept (0 &lt; f &lt;= 1); null for a DROP_WHEN rule.</param>
internal sealed record FilterRule(string Text, IReadOnlyList<FilterCondition> Conditions, double? KeepFraction);

/// <summary>
/// Which lines are left out before they become events (DROP_WHEN, SAMPLE_WHEN): rules separated by <c>;</c>, each a
/// conjunction of conditions joined by <c> and </c>, on the AWS field names of the log-kind declarations. A rule naming a
/// field no log kind has, or an operator the field cannot take, is refused at start. A rule whose field the line's kind
/// lacks does not match that kind's lines.
/// </summary>
internal sealed partial record FilterOptions
{
    public const string DropVariable = "DROP_WHEN";
    public const string SampleVariable = "SAMPLE_WHEN";

    /// <summary>Comparison operators first where one is the start of another (<c>&lt;=</c> before <c>&lt;</c>).</summary>
    private static readonly (string Text, FilterOperator Operator)[] Operators =
    [
        ("!=", FilterOperator.NotEqual), ("^=", FilterOperator.StartsWith), ("*=", FilterOperator.Contains),
        ("<=", FilterOperator.LessOrEqual), (">=", FilterOperator.GreaterOrEqual),
        ("=", FilterOperator.Equal), ("<", FilterOperator.Less), (">", FilterOperator.Greater),
    ];

    /// <summary>The drop rules, then the sample rules: a line is left out by the first that says so.</summary>
    public IReadOnlyList<FilterRule> Rules { get; init; } = [];

    public bool IsEmpty => Rules.Count == 0;

    public static FilterOptions Parse(string? dropWhen, string? sampleWhen) =>
        new() { Rules = [.. ParseRules(DropVariable, dropWhen, sample: false), .. ParseRules(SampleVariable, sampleWhen, sample: true)] };

    private static IEnumerable<FilterRule> ParseRules(string variable, string? text, bool sample)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        foreach (var ruleText in text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            yield return ParseRule(variable, ruleText, sample);
    }

    private static FilterRule ParseRule(string variable, string text, bool sample)
    {
        ConfigurationException Refused(string problem) => new(variable, $"rule '{text}': {problem}");
        string body = text;
        double? keep = null;
        if (sample)
        {
            int at = text.LastIndexOf('@');
            if (at < 0) throw Refused("a SAMPLE_WHEN rule ends in @<fraction> kept, such as @0.1");
            if (!double.TryParse(text.AsSpan(at + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) ||
                !(fraction > 0 && fraction <= 1))
                throw Refused($"'{text[(at + 1)..]}' after @ is no fraction above 0 and at most 1 (0.1 keeps one line in ten)");
            (body, keep) = (text[..at].TrimEnd(), fraction);
        }

        // "and" between white space is the joint, also at an end (where it leaves an empty condition to refuse).
        var conditions = Joint().Split(body).Select(c => c.Trim())
            .Select(c => c.Length == 0 ? throw Refused("an empty condition (two 'and' in a row, or one at an end)") : ParseCondition(c, Refused))
            .ToList();
        return new FilterRule(text, conditions, keep);
    }

    private static FilterCondition ParseCondition(string text, Func<string, ConfigurationException> refused)
    {
        int nameEnd = 0;
        while (nameEnd < text.Length && (char.IsAsciiLetterLower(text[nameEnd]) || char.IsAsciiDigit(text[nameEnd]) || text[nameEnd] == '_')) nameEnd++;
        string field = text[..nameEnd];
        var rest = text[nameEnd..].TrimStart();
        var (opText, op) = Operators.FirstOrDefault(o => rest.StartsWith(o.Text, StringComparison.Ordinal));
        if (field.Length == 0 || opText is null)
            throw refused($"'{text}' is no <field><op><value> (a field such as user_agent or elb_status_code, then one of = != ^= *= < <= > >=)");
        string value = rest[opText.Length..].Trim();
        if (value is ['"', .., '"']) value = value[1..^1];

        var declared = LogKind.All.SelectMany(kind => kind.Fields).Where(f => f.Name == field).ToList();
        if (declared.Count == 0)
            throw refused($"no log kind has a field '{field}' (the AWS field names, such as user_agent, elb_status_code, request_line, " +
                          "client_port, target_group_arn, status: docs/event-schema.md lists them)");

        bool statusCode = IsStatusCode(field);
        if (op is FilterOperator.Equal or FilterOperator.NotEqual && statusCode && value is [>= '1' and <= '5', 'x', 'x'])
            return new FilterCondition(field, op, value, StatusClass: (byte)value[0]);
        if (op is FilterOperator.Less or FilterOperator.LessOrEqual or FilterOperator.Greater or FilterOperator.GreaterOrEqual)
        {
            if (!statusCode && !declared.Any(f => f.IsNumber))
                throw refused($"'{opText}' compares numbers, and {field} is {declared[0].Kind.ToString().ToLowerInvariant()}");
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw refused($"'{value}' is no number to compare {field} with");
            return new FilterCondition(field, op, value, number);
        }

        if (value.Length == 0 && op is FilterOperator.StartsWith or FilterOperator.Contains)
            throw refused($"'{opText}' needs a value (every {field} starts with and contains nothing)");
        return new FilterCondition(field, op, value);
    }

    /// <summary>A field holding an HTTP status code: compared as a number, and by class (<c>2xx</c>).</summary>
    public static bool IsStatusCode(string field) => field == "status_code" || field.EndsWith("_status_code", StringComparison.Ordinal);

    /// <summary>"and" between white space, also at an end.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\s+and\s+|\s+and$|^and\s+")]
    private static partial System.Text.RegularExpressions.Regex Joint();
}
