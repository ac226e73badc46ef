using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>
/// What the function's role may read and list in S3, decided as IAM decides it from the template rendered for some
/// parameters: an explicit Deny wins, else an Allow whose resource (and s3:prefix condition) matches, else denied.
/// IAM's wildcards: <c>*</c> any run of characters (slashes too), <c>?</c> one.
/// </summary>
internal sealed class ReadAccess
{
    private readonly List<JsonObject> _statements;

    public ReadAccess(TemplateEvaluator template)
    {
        var role = template.Template.GetProperty("Resources").GetProperty("FunctionRole").GetProperty("Properties").GetProperty("Policies");
        _statements = [.. template.Render(role)!.AsArray()
            .SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()).Select(s => s!.AsObject())];
    }

    public bool MayRead(string bucket, string key) => Decide("s3:GetObject", $"arn:aws:s3:::{bucket}/{key}", prefix: null);

    /// <summary>ListObjectsV2 of <paramref name="bucket"/> with <paramref name="prefix"/>.</summary>
    public bool MayList(string bucket, string prefix) => Decide("s3:ListBucket", $"arn:aws:s3:::{bucket}", prefix);

    private bool Decide(string action, string resource, string? prefix)
    {
        var applying = _statements.Where(s => Actions(s).Contains(action) && Covers(s, resource) && ConditionHolds(s, prefix)).ToList();
        return !applying.Any(s => (string?)s["Effect"] == "Deny") && applying.Any(s => (string?)s["Effect"] == "Allow");
    }

    private static bool Covers(JsonObject statement, string resource) =>
        statement["Resource"] is { } listed ? Values(listed).Any(p => Matches(p, resource))
            : !Values(statement["NotResource"]!).Any(p => Matches(p, resource));

    /// <summary>The statement's conditions on s3:prefix (the only key the role's S3 statements test); a missing key matches no pattern.</summary>
    private static bool ConditionHolds(JsonObject statement, string? prefix)
    {
        if (statement["Condition"] is not JsonObject condition) return true;
        foreach (var (operation, keys) in condition)
        {
            var patterns = Values(keys!["s3:prefix"] ?? throw new NotSupportedException($"a condition on {keys.ToJsonString()}"));
            bool matches = prefix is not null && patterns.Any(p => Matches(p, prefix));
            bool holds = operation switch
            {
                "StringLike" => matches,
                "StringNotLike" => !matches,
                _ => throw new NotSupportedException($"condition operator {operation}"),
            };
            if (!holds) return false;
        }

        return true;
    }

    private static List<string> Actions(JsonObject statement) => Values(statement["Action"]!);

    private static List<string> Values(JsonNode node) => node is JsonArray list ? [.. list.Select(v => v!.GetValue<string>())] : [node.GetValue<string>()];

    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);
}
