using System.Text.Json;
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
        var role = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("deploy", "elb-log-processor.template.json")))
            .RootElement.GetProperty("Resources").GetProperty("FunctionRole").GetProperty("Properties").GetProperty("Policies");
        _statements = [.. template.Render(role)!.AsArray()
            .SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()).Select(s => s!.AsObject())];
    }

    public bool MayRead(string bucket, string key) => Decide("s3:GetObject", $"arn:aws:s3:::{bucket}/{key}", prefix: null);

    /// <summary>ListObjectsV2 of the log bucket with <paramref name="prefix"/> (the statement names the bucket by its parameter).</summary>
    public bool MayList(string prefix) => _statements.Where(s => Actions(s).Contains("s3:ListBucket")).Any(s =>
        (string?)s["Effect"] == "Allow" && PrefixAllowed(s, prefix));

    private bool Decide(string action, string resource, string? prefix)
    {
        var applying = _statements.Where(s => Actions(s).Contains(action)).ToList();
        if (applying.Any(s => (string?)s["Effect"] == "Deny" && Covers(s, resource))) return false;
        return applying.Any(s => (string?)s["Effect"] == "Allow" && Covers(s, resource) && (prefix is null || PrefixAllowed(s, prefix)));
    }

    private static bool Covers(JsonObject statement, string resource) =>
        statement["Resource"] is { } listed ? Values(listed).Any(p => Matches(p, resource))
            : !Values(statement["NotResource"]!).Any(p => Matches(p, resource));

    private static bool PrefixAllowed(JsonObject statement, string prefix) =>
        statement["Condition"]?["StringLike"]?["s3:prefix"] is not { } patterns || Values(patterns).Any(p => Matches(p, prefix));

    private static List<string> Actions(JsonObject statement) => Values(statement["Action"]!);

    private static List<string> Values(JsonNode node) => node is JsonArray list ? [.. list.Select(v => v!.GetValue<string>())] : [node.GetValue<string>()];

    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);
}
