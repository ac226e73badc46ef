using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Renders parts of the CloudFormation template as CloudFormation would for given parameter values: Ref, Fn::Sub,
/// Fn::Join, Fn::Split, Fn::Select, Fn::If and the condition functions, AWS::NoValue dropped. A resource attribute
/// (Fn::GetAtt, ${Name.Attribute}) renders as <c>&lt;Name.Attribute&gt;</c> and a resource's Ref as <c>&lt;Name&gt;</c>:
/// the tests check what a value is made of, not what AWS assigns. Defaults are the template's.
/// </summary>
internal sealed partial class TemplateEvaluator
{
    public const string AccountId = "111111111111";
    public const string Region = "eu-west-1";

    private readonly JsonElement _template;
    private readonly Dictionary<string, JsonNode?> _parameters = new(StringComparer.Ordinal);

    public TemplateEvaluator(JsonElement template, params (string Name, string Value)[] parameters)
    {
        _template = template;
        foreach (var p in template.GetProperty("Parameters").EnumerateObject())
        {
            var given = parameters.FirstOrDefault(g => g.Name == p.Name).Value;
            var text = given ?? (p.Value.TryGetProperty("Default", out var d) ? d.ToString() : null);
            if (text is null) continue;
            var type = p.Value.GetProperty("Type").GetString()!;
            _parameters[p.Name] = type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
                ? new JsonArray(text.Split(',').Select(v => (JsonNode?)JsonValue.Create(v.Trim())).ToArray())
                : JsonValue.Create(text);
        }

        foreach (var (name, _) in parameters)
            if (!_parameters.ContainsKey(name)) throw new ArgumentException($"the template has no parameter {name}");
        _parameters["AWS::AccountId"] = AccountId;
        _parameters["AWS::Region"] = Region;
        _parameters["AWS::Partition"] = "aws";
        _parameters["AWS::StackName"] = "elb-log-processor";
        _parameters["AWS::URLSuffix"] = "amazonaws.com";
    }

    /// <summary>The template, as written.</summary>
    public JsonElement Template => _template;

    /// <summary>Whether the template's condition <paramref name="name"/> holds.</summary>
    public bool Condition(string name) => Truth(_template.GetProperty("Conditions").GetProperty(name));

    /// <summary>Whether the resource (or output) exists: it has no condition, or its condition holds.</summary>
    public bool Exists(JsonElement resource) => !resource.TryGetProperty("Condition", out var c) || Condition(c.GetString()!);

    /// <summary>The value rendered; null for AWS::NoValue.</summary>
    public JsonNode? Render(JsonElement value) => Render(JsonNode.Parse(value.GetRawText()));

    /// <summary>The value rendered, which must be a list of strings.</summary>
    public List<string> Strings(JsonElement value) => Render(value) switch
    {
        JsonArray list => list.Select(v => v!.GetValue<string>()).ToList(),
        JsonValue single => [single.GetValue<string>()],
        var other => throw new InvalidOperationException($"not strings: {other?.ToJsonString()}"),
    };

    private JsonNode? Render(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray list:
                return new JsonArray(list.Select(Render).Where(v => v is not null).Select(v => v!.DeepClone()).ToArray());
            case JsonObject o when o.Count == 1 && o.First() is var (key, arg) && (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal)):
                return Function(key, arg!);
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (k, v) in o)
                    if (Render(v) is { } rendered) result[k] = rendered.DeepClone();
                return result;
            default:
                return node?.DeepClone();
        }
    }

    private JsonNode? Function(string name, JsonNode arg)
    {
        switch (name)
        {
            case "Ref":
                var reference = arg.GetValue<string>();
                if (reference == "AWS::NoValue") return null;
                return _parameters.TryGetValue(reference, out var value) ? value?.DeepClone() : JsonValue.Create($"<{reference}>");
            case "Fn::GetAtt":
                return JsonValue.Create($"<{arg[0]!.GetValue<string>()}.{arg[1]!.GetValue<string>()}>");
            case "Fn::Sub":
                var (text, variables) = arg is JsonArray pair ? (pair[0]!.GetValue<string>(), pair[1]!.AsObject()) : (arg.GetValue<string>(), null);
                return JsonValue.Create(SubVariable().Replace(text, m =>
                {
                    var variable = m.Groups[1].Value;
                    if (variable.StartsWith('!')) return "${" + variable[1..] + "}";
                    if (variables?[variable] is { } given) return Text(Render(given));
                    if (_parameters.ContainsKey(variable)) return Text(_parameters[variable]);
                    return $"<{variable}>";
                }));
            case "Fn::Join":
                var separator = arg[0]!.GetValue<string>();
                return JsonValue.Create(string.Join(separator, ((JsonArray)Render(arg[1])!).Select(Text)));
            case "Fn::Split":
                return new JsonArray(Text(Render(arg[1])).Split(arg[0]!.GetValue<string>()).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            case "Fn::Select":
                return Render(arg[1])!.AsArray()[int.Parse(Text(Render(arg[0])), System.Globalization.CultureInfo.InvariantCulture)]!.DeepClone();
            case "Fn::If":
                return Render(Condition(arg[0]!.GetValue<string>()) ? arg[1] : arg[2]);
            case "Fn::FindInMap":
                var map = _template.GetProperty("Mappings").GetProperty(Text(Render(arg[0])))
                    .GetProperty(Text(Render(arg[1]))).GetProperty(Text(Render(arg[2])));
                return JsonNode.Parse(map.GetRawText());
            default:
                throw new NotSupportedException($"{name} is not rendered by {nameof(TemplateEvaluator)}");
        }
    }

    private bool Truth(JsonElement condition) => Truth(JsonNode.Parse(condition.GetRawText())!);

    private bool Truth(JsonNode condition)
    {
        var (key, arg) = condition.AsObject().First();
        return key switch
        {
            "Condition" => Condition(arg!.GetValue<string>()),
            "Fn::Equals" => JsonNode.DeepEquals(Render(arg![0]), Render(arg[1])),
            "Fn::Not" => !Truth(arg![0]!),
            "Fn::And" => arg!.AsArray().All(c => Truth(c!)),
            "Fn::Or" => arg!.AsArray().Any(c => Truth(c!)),
            _ => throw new NotSupportedException($"condition {key}"),
        };
    }

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue v => v.ToString(),
        null => throw new InvalidOperationException("AWS::NoValue where text is needed"),
        _ => throw new InvalidOperationException($"not text: {node.ToJsonString()}"),
    };

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubVariable();
}
