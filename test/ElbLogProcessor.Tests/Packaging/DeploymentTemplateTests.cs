using System.Text.Json;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>The CloudFormation template: well-formed, references resolve, least privilege.</summary>
[Trait("Category", Category.Packaging)]
public partial class DeploymentTemplateTests
{
    private static readonly JsonElement Template = JsonDocument.Parse(File.ReadAllText(
        RepositoryFiles.Path("deploy", "elb-log-processor.template.json"))).RootElement;

    private static HashSet<string> Names(string section) => Template.GetProperty(section).EnumerateObject().Select(p => p.Name).ToHashSet();

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var child in children)
            foreach (var d in Descendants(child)) yield return d;
    }

    [Fact]
    public void Every_ref_getatt_sub_and_condition_names_something_that_exists()
    {
        var parameters = Names("Parameters");
        var resources = Names("Resources");
        var conditions = Names("Conditions");
        string[] pseudo = ["AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::StackName", "AWS::NoValue", "AWS::URLSuffix"];
        var problems = new List<string>();
        foreach (var node in Descendants(Template).Where(n => n.ValueKind == JsonValueKind.Object))
        {
            foreach (var property in node.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "Ref":
                        var name = property.Value.GetString()!;
                        if (!parameters.Contains(name) && !resources.Contains(name) && !pseudo.Contains(name)) problems.Add($"Ref {name}");
                        break;
                    case "Fn::GetAtt":
                        var target = property.Value[0].GetString()!;
                        if (!resources.Contains(target)) problems.Add($"GetAtt {target}");
                        break;
                    case "Fn::Sub":
                        foreach (Match m in SubReference().Matches(property.Value.GetString()!))
                        {
                            var reference = m.Groups[1].Value.Split('.')[0];
                            if (!parameters.Contains(reference) && !resources.Contains(reference) && !pseudo.Contains(m.Groups[1].Value))
                                problems.Add($"Sub ${{{m.Groups[1].Value}}}");
                        }

                        break;
                    case "Fn::If":
                        if (!conditions.Contains(property.Value[0].GetString()!)) problems.Add($"If {property.Value[0]}");
                        break;
                    case "Condition" when property.Value.ValueKind == JsonValueKind.String:
                        if (!conditions.Contains(property.Value.GetString()!)) problems.Add($"Condition {property.Value}");
                        break;
                }
            }
        }

        foreach (var resource in Template.GetProperty("Resources").EnumerateObject())
            if (resource.Value.TryGetProperty("DependsOn", out var dependsOn))
                foreach (var d in dependsOn.EnumerateArray())
                    if (!resources.Contains(d.GetString()!)) problems.Add($"DependsOn {d}");
        Assert.Empty(problems);
    }

    private static List<JsonElement> PolicyStatements() =>
    [
        .. Descendants(Template)
            .Where(n => n.ValueKind == JsonValueKind.Object && n.TryGetProperty("Statement", out _))
            .SelectMany(n => n.GetProperty("Statement").EnumerateArray())
            .SelectMany(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("Fn::If", out var conditional)
                ? new[] { conditional[1], conditional[2] }.Where(x => x.ValueKind == JsonValueKind.Object && !x.TryGetProperty("Ref", out _))
                : [s]),
    ];

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [Fact]
    public void No_statement_has_a_wildcard_action()
    {
        var statements = PolicyStatements();
        Assert.NotEmpty(statements);
        foreach (var statement in statements)
            foreach (var action in Strings(statement.GetProperty("Action")))
                Assert.DoesNotContain("*", action);
    }

    [Fact]
    public void Star_resources_only_for_network_interface_actions_and_only_with_a_vpc()
    {
        foreach (var statement in PolicyStatements().Where(s => s.TryGetProperty("Resource", out var r) && Strings(r).Contains("*")))
            Assert.All(Strings(statement.GetProperty("Action")), a => Assert.Matches("^ec2:.*(NetworkInterface|PrivateIpAddresses)", a));

        var conditionalVpc = Descendants(Template).Single(n => n.ValueKind == JsonValueKind.Object &&
            n.TryGetProperty("Fn::If", out var c) && c[1].ValueKind == JsonValueKind.Object && c[1].TryGetProperty("Sid", out var sid) &&
            sid.GetString() == "VpcNetworkInterfaces");
        Assert.Equal("UseVpc", conditionalVpc.GetProperty("Fn::If")[0].GetString());
    }

    [Fact]
    public void Reads_are_limited_to_the_log_prefix_and_secrets_to_the_password_parameter()
    {
        var statements = PolicyStatements().Where(s => s.TryGetProperty("Sid", out _)).ToDictionary(s => s.GetProperty("Sid").GetString()!);
        Assert.Equal(["s3:GetObject", "s3:GetObjectVersion"], Strings(statements["ReadAccessLogs"].GetProperty("Action")));
        Assert.Equal("arn:${AWS::Partition}:s3:::${LogsBucketName}/${LogPrefix}*",
            statements["ReadAccessLogs"].GetProperty("Resource").GetProperty("Fn::Sub").GetString());
        Assert.Contains("parameter/${LogstashPasswordParameter}",
            statements["ReadLogstashPassword"].GetProperty("Resource").GetProperty("Fn::Sub").GetString());
        Assert.Equal("${FunctionLogGroup.Arn}", statements["WriteOwnLogs"].GetProperty("Resource").GetProperty("Fn::Sub").GetString());
        Assert.All(new[] { "SendContinuationsAndFailures", "ConsumeContinuations" },
            sid => Assert.All(Descendants(statements[sid].GetProperty("Resource")).Where(n => n.ValueKind == JsonValueKind.String),
                r => Assert.Contains(r.GetString(), new[] { "ContinuationQueue", "FailureQueue", "Arn" })));
    }

    [Fact]
    public void Function_handler_and_runtime_match_the_build_and_the_tools_defaults()
    {
        var function = Template.GetProperty("Resources").GetProperty("Function").GetProperty("Properties");
        var defaults = JsonDocument.Parse(RepositoryFiles.ReadText("aws-lambda-tools-defaults.json")).RootElement;
        Assert.Equal(typeof(Program).Assembly.GetName().Name, function.GetProperty("Handler").GetString());
        Assert.Equal(defaults.GetProperty("function-handler").GetString(), function.GetProperty("Handler").GetString());
        Assert.Equal(defaults.GetProperty("function-runtime").GetString(), function.GetProperty("Runtime").GetString());
        Assert.Equal("CodeBucket", function.GetProperty("Code").GetProperty("S3Bucket").GetProperty("Ref").GetString());
        Assert.Equal("CodeKey", function.GetProperty("Code").GetProperty("S3Key").GetProperty("Ref").GetString());
    }

    [Fact]
    public void The_failed_event_alarm_watches_the_metric_the_summary_emits()
    {
        var alarm = Template.GetProperty("Resources").GetProperty("FailedEventsAlarm").GetProperty("Properties");
        var summary = new Summary.RunSummary();
        var emf = JsonDocument.Parse(summary.ToEmbeddedMetricsJson(Configuration.FunctionOptions.DefaultMetricsNamespace, "f")).RootElement;
        var directive = emf.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal(directive.GetProperty("Namespace").GetString(), alarm.GetProperty("Namespace").GetString());
        Assert.Contains(directive.GetProperty("Metrics").EnumerateArray(), m => m.GetProperty("Name").GetString() == alarm.GetProperty("MetricName").GetString());
        Assert.Equal("FunctionName", alarm.GetProperty("Dimensions")[0].GetProperty("Name").GetString());
    }

    [Fact]
    public void The_deadline_margin_follows_the_timeout_and_every_combination_can_hand_over()
    {
        var timeout = Template.GetProperty("Parameters").GetProperty("FunctionTimeout");
        var margins = Template.GetProperty("Mappings").GetProperty("DeadlineMargin");
        var allowed = timeout.GetProperty("AllowedValues").EnumerateArray().Select(v => v.GetInt32()).ToList();
        Assert.Contains(timeout.GetProperty("Default").GetInt32(), allowed);
        Assert.Equal(allowed.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), margins.EnumerateObject().Select(p => p.Name));
        foreach (int seconds in allowed)
        {
            var margin = int.Parse(margins.GetProperty(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("Seconds").GetString()!,
                System.Globalization.CultureInfo.InvariantCulture);
            // Valid for the function (which refuses a margin inside the hard stop) and leaving most of the time for work.
            Configuration.HandOverOptions.DeadlineMarginSecondsSetting.Check(margin);
            Assert.InRange(margin, 1, seconds / 2);
        }

        var variable = Template.GetProperty("Resources").GetProperty("Function").GetProperty("Properties").GetProperty("Environment")
            .GetProperty("Variables").GetProperty("DEADLINE_MARGIN_SECONDS").GetProperty("Fn::FindInMap");
        Assert.Equal("DeadlineMargin", variable[0].GetString());
        Assert.Equal("FunctionTimeout", variable[1].GetProperty("Ref").GetString());
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex SubReference();
}
