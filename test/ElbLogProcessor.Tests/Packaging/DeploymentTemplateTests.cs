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
                        // "text" or ["text", {local variables}].
                        var text = property.Value.ValueKind == JsonValueKind.Array ? property.Value[0].GetString()! : property.Value.GetString()!;
                        var locals = property.Value.ValueKind == JsonValueKind.Array
                            ? property.Value[1].EnumerateObject().Select(p => p.Name).ToHashSet()
                            : [];
                        foreach (Match m in SubReference().Matches(text))
                        {
                            var reference = m.Groups[1].Value.Split('.')[0];
                            if (!parameters.Contains(reference) && !resources.Contains(reference) && !pseudo.Contains(m.Groups[1].Value) &&
                                !locals.Contains(reference))
                                problems.Add($"Sub ${{{m.Groups[1].Value}}}");
                        }

                        break;
                    case "Fn::FindInMap":
                        if (!Template.GetProperty("Mappings").TryGetProperty(property.Value[0].GetString()!, out _)) problems.Add($"FindInMap {property.Value[0]}");
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

    [Fact]
    public void Every_parameter_is_in_the_deployment_guides_table()
    {
        var rows = string.Join('\n', RepositoryFiles.ReadText("docs/deployment.md").Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)));
        Assert.Empty(Names("Parameters").Where(p => !rows.Contains($"`{p}`", StringComparison.Ordinal)).Order());
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
    public void No_statement_allows_a_wildcard_action()
    {
        var statements = PolicyStatements().Where(s => s.GetProperty("Effect").GetString() == "Allow").ToList();
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
        // This account's folders only, in the log bucket's prefix only (what a list of accounts allows: OrganizationDeploymentTests).
        var access = new ReadAccess(new TemplateEvaluator(Template, ("LogsBucketName", "my-logs")));
        Assert.True(access.MayRead("my-logs", $"AWSLogs/{TemplateEvaluator.AccountId}/elasticloadbalancing/eu-west-1/2026/12/08/x.log.gz"));
        Assert.True(access.MayRead("my-logs", $"AWSLogs/aws-account-id={TemplateEvaluator.AccountId}/aws-service=elasticloadbalancing/x.json.gz"));
        Assert.False(access.MayRead("my-logs", "AWSLogs/222222222222/elasticloadbalancing/x.log.gz"));
        Assert.False(access.MayRead("other-bucket", $"AWSLogs/{TemplateEvaluator.AccountId}/x.log.gz"));
        // Listing the same prefixes only.
        var list = statements["ListAccessLogs"];
        Assert.Equal(("s3:ListBucket", "arn:${AWS::Partition}:s3:::${LogsBucketName}"),
            (list.GetProperty("Action").GetString(), list.GetProperty("Resource").GetProperty("Fn::Sub").GetString()));
        Assert.True(access.MayList("my-logs", $"AWSLogs/{TemplateEvaluator.AccountId}/elasticloadbalancing/"));
        Assert.False(access.MayList("my-logs", "AWSLogs/222222222222/"));
        Assert.Contains("parameter/${LogstashPasswordParameter}",
            statements["ReadLogstashPassword"].GetProperty("Resource").GetProperty("Fn::Sub").GetString());
        Assert.Equal("${FunctionLogGroup.Arn}", statements["WriteOwnLogs"].GetProperty("Resource").GetProperty("Fn::Sub").GetString());
        Assert.All(new[] { "SendContinuationsAndFailures", "ConsumeQueues" },
            sid => Assert.All(Descendants(statements[sid].GetProperty("Resource")).Where(n => n.ValueKind == JsonValueKind.String),
                r => Assert.Contains(r.GetString(), new[] { "ContinuationQueue", "FailureQueue", "ObjectCreatedQueue", "BucketInOtherAccount", "Arn", "AWS::NoValue" })));
    }

    [Fact]
    public void Function_handler_and_runtime_match_the_build_and_the_tools_defaults()
    {
        var function = Template.GetProperty("Resources").GetProperty("Function").GetProperty("Properties");
        var defaults = JsonDocument.Parse(RepositoryFiles.ReadText("aws-lambda-tools-defaults.json")).RootElement;
        Assert.Equal(("provided.al2023", "bootstrap"), (function.GetProperty("Runtime").GetString(), function.GetProperty("Handler").GetString()));
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

    /// <summary>Where the load balancers of this account write: nothing else is written, notified or read.</summary>
    private const string OwnLogs = "arn:${AWS::Partition}:s3:::${LogsBucketName}/${LogPrefix}AWSLogs/${AWS::AccountId}/*";

    /// <summary>The Hive-compatible key layout a CloudWatch-vended delivery may write.</summary>
    private const string OwnHiveLogs = "arn:${AWS::Partition}:s3:::${LogsBucketName}/${LogPrefix}AWSLogs/aws-account-id=${AWS::AccountId}/*";

    /// <summary>The <c>Fn::Sub</c> strings of a resource or a list of them.</summary>
    private static string[] Subs(JsonElement resource) => resource.ValueKind == JsonValueKind.Array
        ? [.. resource.EnumerateArray().Select(r => r.GetProperty("Fn::Sub").GetString()!)]
        : [resource.GetProperty("Fn::Sub").GetString()!];

    private static JsonElement Resource(string name) => Template.GetProperty("Resources").GetProperty(name);

    private static Dictionary<string, JsonElement> BucketPolicyStatements() => Resource("LogsBucketPolicy").GetProperty("Properties")
        .GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
        .Select(s => s.TryGetProperty("Fn::If", out var conditional) ? conditional[1] : s)
        .ToDictionary(s => s.GetProperty("Sid").GetString()!);

    [Fact]
    public void The_event_schema_parameter_sets_the_schema_and_elb_stays_the_default()
    {
        var parameters = Template.GetProperty("Parameters");
        var schema = parameters.GetProperty("EventSchema");
        Assert.Equal("elb", schema.GetProperty("Default").GetString());
        Assert.Equal(["elb", "ecs"], schema.GetProperty("AllowedValues").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("default", parameters.GetProperty("DataStreamNamespace").GetProperty("Default").GetString());
        Assert.Equal("false", parameters.GetProperty("EcsPreserveOriginal").GetProperty("Default").GetString());

        var variables = Template.GetProperty("Resources").GetProperty("Function").GetProperty("Properties").GetProperty("Environment")
            .GetProperty("Variables");
        Assert.Equal("EventSchema", variables.GetProperty("EVENT_SCHEMA").GetProperty("Ref").GetString());
        // The namespace and the original line only mean something with ecs: without it they are not set at all.
        Assert.Equal("UsesEcs", variables.GetProperty("DATA_STREAM_NAMESPACE").GetProperty("Fn::If")[0].GetString());
        Assert.Equal("PreservesOriginal", variables.GetProperty("ECS_PRESERVE_ORIGINAL").GetProperty("Fn::If")[0].GetString());
        Assert.Equal("{\"Fn::Equals\":[{\"Ref\":\"EventSchema\"},\"ecs\"]}",
            JsonSerializer.Serialize(Template.GetProperty("Conditions").GetProperty("UsesEcs")));

        // Every value the parameter allows is one the function takes (the function refuses anything else at start).
        foreach (var value in schema.GetProperty("AllowedValues").EnumerateArray())
            Assert.Null(Record.Exception(() => Configuration.EcsOptions.ParseSchema(value.GetString())));
        Assert.Null(Record.Exception(() => Configuration.EcsOptions.ParseNamespace(parameters.GetProperty("DataStreamNamespace").GetProperty("Default").GetString())));
    }

    [Fact]
    public void The_filter_parameters_set_drop_when_and_sample_when_only_when_given()
    {
        var parameters = Template.GetProperty("Parameters");
        var variables = Resource("Function").GetProperty("Properties").GetProperty("Environment").GetProperty("Variables");
        foreach (var (parameter, variable, condition) in new[] { ("DropWhen", "DROP_WHEN", "HasDropWhen"), ("SampleWhen", "SAMPLE_WHEN", "HasSampleWhen") })
        {
            Assert.Equal("", parameters.GetProperty(parameter).GetProperty("Default").GetString());
            var set = variables.GetProperty(variable).GetProperty("Fn::If");
            Assert.Equal(condition, set[0].GetString());
            Assert.Equal(parameter, set[1].GetProperty("Ref").GetString());
            Assert.Equal($"{{\"Fn::Not\":[{{\"Fn::Equals\":[{{\"Ref\":\"{parameter}\"}},\"\"]}}]}}",
                JsonSerializer.Serialize(Template.GetProperty("Conditions").GetProperty(condition)));
        }

        // The examples the parameters' descriptions give are rules the function takes.
        Assert.Null(Record.Exception(() => Configuration.FilterOptions.Parse("user_agent^=ELB-HealthChecker; elb_status_code=3xx", "elb_status_code=2xx@0.1")));
    }

    [Theory]
    [InlineData("FunctionErrorsAlarm", "AWS/Lambda", "Errors", "Function")]
    [InlineData("FailedEventsAlarm", "ElbLogProcessor", "EventsFailed", "Function")]
    [InlineData("FailureQueueDepthAlarm", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "FailureQueue")]
    [InlineData("ContinuationAgeAlarm", "AWS/SQS", "ApproximateAgeOfOldestMessage", "ContinuationQueue")]
    [InlineData("ObjectCreatedAgeAlarm", "AWS/SQS", "ApproximateAgeOfOldestMessage", "ObjectCreatedQueue")]
    [InlineData("ThrottlesAlarm", "AWS/Lambda", "Throttles", "Function")]
    [InlineData("AsyncEventsDroppedAlarm", "AWS/Lambda", "AsyncEventsDropped", "Function")]
    [InlineData("DestinationDeliveryFailuresAlarm", "AWS/Lambda", "DestinationDeliveryFailures", "Function")]
    [InlineData("DurationAlarm", "AWS/Lambda", "Duration", "Function")]
    public void Every_place_a_failure_can_wait_has_an_alarm_with_the_topic_as_its_action(string name, string metricNamespace, string metric, string watched)
    {
        var alarm = Resource(name).GetProperty("Properties");
        Assert.Equal((metricNamespace, metric), (alarm.GetProperty("Namespace").GetString(), alarm.GetProperty("MetricName").GetString()));
        var dimension = alarm.GetProperty("Dimensions")[0].GetProperty("Value");
        string target = dimension.TryGetProperty("Ref", out var reference) ? reference.GetString()! : dimension.GetProperty("Fn::GetAtt")[0].GetString()!;
        Assert.Equal(watched, target);
        var actions = alarm.GetProperty("AlarmActions").GetProperty("Fn::If");
        Assert.Equal("HasAlarmTopic", actions[0].GetString());
        Assert.Equal("AlarmTopicArn", actions[1][0].GetProperty("Ref").GetString());
        Assert.Contains($"`{name}`", RepositoryFiles.ReadText("docs/operations.md"));   // with what to do
    }

    [Fact]
    public void The_duration_alarm_fires_at_the_deadline_margin_of_each_timeout()
    {
        var margins = Template.GetProperty("Mappings").GetProperty("DeadlineMargin");
        foreach (var timeout in Template.GetProperty("Parameters").GetProperty("FunctionTimeout").GetProperty("AllowedValues").EnumerateArray())
        {
            var margin = margins.GetProperty(timeout.ToString());
            Assert.Equal((timeout.GetInt32() - int.Parse(margin.GetProperty("Seconds").GetString()!, System.Globalization.CultureInfo.InvariantCulture)) * 1000,
                margin.GetProperty("AlarmMilliseconds").GetInt32());
        }

        var ages = Template.GetProperty("Mappings").GetProperty("AgeAlarm");
        foreach (var minutes in Template.GetProperty("Parameters").GetProperty("ContinuationAgeAlarmMinutes").GetProperty("AllowedValues").EnumerateArray())
            Assert.Equal(int.Parse(minutes.GetString()!, System.Globalization.CultureInfo.InvariantCulture) * 60,
                ages.GetProperty(minutes.GetString()!).GetProperty("Seconds").GetInt32());
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("elb/logstash-password", true)]
    [InlineData("logstash_password.v2", true)]
    [InlineData("/elb/logstash-password", false)]   // the role's ARN adds the slash: a leading one would double it
    [InlineData("elb logstash", false)]
    public void The_password_parameter_is_a_name_without_its_leading_slash(string name, bool allowed)
    {
        var pattern = Template.GetProperty("Parameters").GetProperty("LogstashPasswordParameter").GetProperty("AllowedPattern").GetString()!;
        Assert.Equal(allowed, System.Text.RegularExpressions.Regex.IsMatch(name, pattern));
    }

    [Fact]
    public void Vpc_endpoints_mode_without_the_endpoints_security_group_is_refused_at_deploy_time()
    {
        var rule = Template.GetProperty("Rules").GetProperty("VpcEndpointsNeedTheirSecurityGroup");
        Assert.Equal("{\"Fn::Equals\":[{\"Ref\":\"AwsEndpointAccess\"},\"VpcEndpoints\"]}", JsonSerializer.Serialize(rule.GetProperty("RuleCondition")));
        var assertion = rule.GetProperty("Assertions")[0];
        Assert.Equal("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"VpcEndpointSecurityGroupId\"},\"\"]}]}", JsonSerializer.Serialize(assertion.GetProperty("Assert")));
        Assert.Contains("VpcEndpointSecurityGroupId", assertion.GetProperty("AssertDescription").GetString());
    }

    [Fact]
    public void A_bucket_encrypted_with_a_customer_managed_key_is_decrypted_only_through_s3_for_its_logs()
    {
        Assert.Equal("", Template.GetProperty("Parameters").GetProperty("LogsBucketKmsKeyArn").GetProperty("Default").GetString());
        var decrypt = PolicyStatements().Single(s => s.TryGetProperty("Sid", out var sid) && sid.GetString() == "DecryptLogObjects");
        var statements = Resource("FunctionRole").GetProperty("Properties").GetProperty("Policies")[0].GetProperty("PolicyDocument").GetProperty("Statement");
        Assert.Contains(statements.EnumerateArray(), s => s.TryGetProperty("Fn::If", out var f) && f[0].GetString() == "HasLogsBucketKey");
        Assert.Equal(["kms:Decrypt"], Strings(decrypt.GetProperty("Action")));
        Assert.Equal("LogsBucketKmsKeyArn", decrypt.GetProperty("Resource").GetProperty("Ref").GetString());
        Assert.Equal("s3.${AWS::Region}.amazonaws.com",
            decrypt.GetProperty("Condition").GetProperty("StringEquals").GetProperty("kms:ViaService").GetProperty("Fn::Sub").GetString());
        Assert.Equal(["arn:${AWS::Partition}:s3:::${LogsBucketName}", "arn:${AWS::Partition}:s3:::${LogsBucketName}/${LogPrefix}AWSLogs/*"],
            Subs(decrypt.GetProperty("Condition").GetProperty("StringLike").GetProperty("kms:EncryptionContext:aws:s3:arn")));
    }

    [Fact]
    public void Requests_without_tls_are_denied()
    {
        var deny = BucketPolicyStatements()["DenyRequestsWithoutTls"];
        Assert.Equal(("Deny", "*", "s3:*"), (deny.GetProperty("Effect").GetString(), deny.GetProperty("Principal").GetString(), deny.GetProperty("Action").GetString()));
        Assert.Equal("false", deny.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
        Assert.Equal(["arn:${AWS::Partition}:s3:::${LogsBucketName}", "arn:${AWS::Partition}:s3:::${LogsBucketName}/*"],
            deny.GetProperty("Resource").EnumerateArray().Select(r => r.GetProperty("Fn::Sub").GetString()));
    }

    [Fact]
    public void In_regions_older_than_august_2022_the_regions_elb_account_may_write_this_accounts_logs()
    {
        var statement = Resource("LogsBucketPolicy").GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement")
            .EnumerateArray().Single(s => s.TryGetProperty("Fn::If", out var c) && c[1].GetProperty("Sid").GetString() == "ElbAccountWritesAccessLogs");
        Assert.Equal("HasElbAccount", statement.GetProperty("Fn::If")[0].GetString());
        var allow = statement.GetProperty("Fn::If")[1];
        Assert.Equal("s3:PutObject", allow.GetProperty("Action").GetString());
        Assert.Equal(OwnLogs, allow.GetProperty("Resource").GetProperty("Fn::Sub").GetString());
        var principal = allow.GetProperty("Principal").GetProperty("AWS").GetProperty("Fn::Sub");
        Assert.Equal("arn:${AWS::Partition}:iam::${ElbAccount}:root", principal[0].GetString());
        Assert.Equal("ElbAccountIds", principal[1].GetProperty("ElbAccount").GetProperty("Fn::FindInMap")[0].GetString());

        // Every commercial Region AWS lists with an account, with the documented ids; the condition covers exactly those.
        var accounts = Template.GetProperty("Mappings").GetProperty("ElbAccountIds").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("AccountId").GetString()!);
        Assert.Equal(22, accounts.Count);
        Assert.Equal(("127311923021", "156460612806", "582318560864", "507241528517", "589379963580"),
            (accounts["us-east-1"], accounts["eu-west-1"], accounts["ap-northeast-1"], accounts["sa-east-1"], accounts["ap-southeast-3"]));
        Assert.DoesNotContain("ap-south-2", accounts.Keys);          // newer Regions use the service principal only
        var conditions = Template.GetProperty("Conditions");
        var covered = conditions.GetProperty("HasElbAccount").GetProperty("Fn::Or").EnumerateArray()
            .SelectMany(c => conditions.GetProperty(c.GetProperty("Condition").GetString()!).GetProperty("Fn::Or").EnumerateArray())
            .Select(e => e.GetProperty("Fn::Equals")[1].GetString()!).ToHashSet();
        Assert.Equal(accounts.Keys.ToHashSet(), covered);
    }

    [Fact]
    public void Service_principals_may_write_only_this_accounts_logs()
    {
        var statements = BucketPolicyStatements();
        var elb = statements["ElbServiceWritesAccessLogs"];
        Assert.Equal("logdelivery.elasticloadbalancing.amazonaws.com", elb.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal(OwnLogs, elb.GetProperty("Resource").GetProperty("Fn::Sub").GetString());

        var delivery = statements["LogDeliveryWritesLogs"];
        Assert.Equal("delivery.logs.amazonaws.com", delivery.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal([OwnLogs, OwnHiveLogs], Subs(delivery.GetProperty("Resource")));
        Assert.Equal("bucket-owner-full-control", delivery.GetProperty("Condition").GetProperty("StringEquals").GetProperty("s3:x-amz-acl").GetString());

        var acl = statements["LogDeliveryChecksBucketAcl"];
        Assert.Equal(("delivery.logs.amazonaws.com", "s3:GetBucketAcl"), (acl.GetProperty("Principal").GetProperty("Service").GetString(), acl.GetProperty("Action").GetString()));
        Assert.Equal("arn:${AWS::Partition}:s3:::${LogsBucketName}", acl.GetProperty("Resource").GetProperty("Fn::Sub").GetString());

        // ELB's delivery principal exactly as AWS documents its policy: no condition (the resource ARN pins the account); a
        // condition on a key ELB does not send would keep access logging from being turned on in the Regions since August 2022.
        Assert.False(elb.TryGetProperty("Condition", out _));
        foreach (var statement in statements.Values.Where(s => s.GetProperty("Effect").GetString() == "Allow"))
        {
            if (statement.GetProperty("Principal").TryGetProperty("Service", out var service) && service.GetString() == "delivery.logs.amazonaws.com")
                Assert.Equal("AWS::AccountId", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("aws:SourceAccount").GetProperty("Ref").GetString());
            if (statement.GetProperty("Action").GetString() == "s3:PutObject")
                Assert.All(Subs(statement.GetProperty("Resource")), resource => Assert.Contains(resource, new[] { OwnLogs, OwnHiveLogs }));
        }
    }

    [Theory]
    [InlineData("LogsBucket")]
    [InlineData("FailureQueue")]
    public void Logs_and_failed_invocations_outlive_the_stack(string resource)
    {
        Assert.Equal("Retain", Resource(resource).GetProperty("DeletionPolicy").GetString());
        Assert.Equal("Retain", Resource(resource).GetProperty("UpdateReplacePolicy").GetString());
    }

    [Fact]
    public void An_existing_bucket_reaches_the_function_through_an_eventbridge_rule_and_nothing_is_created_for_it()
    {
        foreach (var created in new[] { "LogsBucket", "LogsBucketPolicy", "LogsBucketInvokePermission" })
            Assert.Equal("CreateBucket", Resource(created).GetProperty("Condition").GetString());
        var rule = Resource("ObjectCreatedRule");
        Assert.Equal("UseEventBridge", rule.GetProperty("Condition").GetString());   // an existing bucket of this account
        var eventBridge = new TemplateEvaluator(Template, ("LogsBucketName", "my-logs"), ("UseExistingBucket", "true"));
        Assert.True(eventBridge.Exists(rule));
        Assert.False(new TemplateEvaluator(Template, ("LogsBucketName", "my-logs")).Exists(rule));
        var pattern = rule.GetProperty("Properties").GetProperty("EventPattern");
        Assert.Equal("aws.s3", pattern.GetProperty("source")[0].GetString());
        Assert.Equal("Object Created", pattern.GetProperty("detail-type")[0].GetString());
        Assert.Equal("LogsBucketName", pattern.GetProperty("detail").GetProperty("bucket").GetProperty("name")[0].GetProperty("Ref").GetString());
        // The prefix and LogSuffix alike, as the S3 notification filters (a wildcard: EventBridge ANDs no prefix with a suffix on one field).
        Assert.Equal("${LogPrefix}AWSLogs/*${LogSuffix}",
            pattern.GetProperty("detail").GetProperty("object").GetProperty("key")[0].GetProperty("wildcard").GetProperty("Fn::Sub").GetString());
        Assert.Equal("Function", rule.GetProperty("Properties").GetProperty("Targets")[0].GetProperty("Arn").GetProperty("Fn::GetAtt")[0].GetString());

        var permission = Resource("ObjectCreatedRuleInvokePermission");
        Assert.Equal("UseEventBridge", permission.GetProperty("Condition").GetString());
        Assert.Equal("events.amazonaws.com", permission.GetProperty("Properties").GetProperty("Principal").GetString());
        Assert.Equal("ObjectCreatedRule", permission.GetProperty("Properties").GetProperty("SourceArn").GetProperty("Fn::GetAtt")[0].GetString());
        // In both modes the function reads only this account's logs (ReadAccessLogs, above) and the S3 notification filters the same prefix.
        var filter = Resource("LogsBucket").GetProperty("Properties").GetProperty("NotificationConfiguration").GetProperty("LambdaConfigurations")[0]
            .GetProperty("Filter").GetProperty("S3Key").GetProperty("Rules")[0];
        Assert.Equal("${LogPrefix}AWSLogs/", filter.GetProperty("Value").GetProperty("Fn::Sub").GetString());
    }

    [Fact]
    public void In_a_vpc_https_goes_out_only_to_the_nat_gateway_or_to_the_endpoints()
    {
        var egress = Resource("FunctionSecurityGroup").GetProperty("Properties").GetProperty("SecurityGroupEgress").EnumerateArray().ToList();
        Assert.Equal("LogstashPort", egress[0].GetProperty("FromPort").GetProperty("Ref").GetString());
        Assert.Equal("LogstashCidr", egress[0].GetProperty("CidrIp").GetProperty("Ref").GetString());
        var conditional = egress.Skip(1).Select(e => e.GetProperty("Fn::If")).ToDictionary(e => e[0].GetString()!, e => e[1]);
        Assert.Equal(["UseNatGateway", "UseEndpointSecurityGroup", "UseS3PrefixList"], conditional.Keys);
        Assert.All(conditional.Values, rule => Assert.Equal((443, 443), (rule.GetProperty("FromPort").GetInt32(), rule.GetProperty("ToPort").GetInt32())));
        Assert.Equal("0.0.0.0/0", conditional["UseNatGateway"].GetProperty("CidrIp").GetString());
        Assert.Equal("VpcEndpointSecurityGroupId", conditional["UseEndpointSecurityGroup"].GetProperty("DestinationSecurityGroupId").GetProperty("Ref").GetString());
        Assert.Equal("S3PrefixListId", conditional["UseS3PrefixList"].GetProperty("DestinationPrefixListId").GetProperty("Ref").GetString());
        Assert.Equal(["NatGateway", "VpcEndpoints"], Template.GetProperty("Parameters").GetProperty("AwsEndpointAccess").GetProperty("AllowedValues").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Nothing_is_reserved_by_default_so_a_new_account_can_create_the_stack()
    {
        var parameter = Template.GetProperty("Parameters").GetProperty("ReservedConcurrency");
        Assert.Equal(0, parameter.GetProperty("Default").GetInt32());
        Assert.Contains("100 must stay unreserved", parameter.GetProperty("Description").GetString());
        Assert.Contains("the brake that protects Logstash", Template.GetProperty("Parameters").GetProperty("QueueMaxConcurrency").GetProperty("Description").GetString());
        var reserved = Resource("Function").GetProperty("Properties").GetProperty("ReservedConcurrentExecutions").GetProperty("Fn::If");
        Assert.Equal(("HasReservedConcurrency", "ReservedConcurrency"), (reserved[0].GetString(), reserved[1].GetProperty("Ref").GetString()));
    }

    [Fact]
    public void The_queue_feeds_batches_of_ten_retries_only_failed_messages_and_leaves_room_for_the_trigger()
    {
        var mapping = Resource("ContinuationEventSource").GetProperty("Properties");
        Assert.Equal(10, mapping.GetProperty("BatchSize").GetInt32());
        Assert.False(mapping.TryGetProperty("MaximumBatchingWindowInSeconds", out _));   // above 10 a window would be needed
        Assert.Equal(["ReportBatchItemFailures"], mapping.GetProperty("FunctionResponseTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("QueueMaxConcurrency", mapping.GetProperty("ScalingConfig").GetProperty("MaximumConcurrency").GetProperty("Ref").GetString());

        var parameters = Template.GetProperty("Parameters");
        var queueMax = parameters.GetProperty("QueueMaxConcurrency");
        Assert.Equal(2, queueMax.GetProperty("MinValue").GetInt32());                   // the least Lambda accepts
        Assert.InRange(queueMax.GetProperty("Default").GetInt32(), 2, 10);
        // A message Lambda receives but cannot run is one receive closer to the failure queue: the queue must outlast retries.
        var queue = Resource("ContinuationQueue").GetProperty("Properties");
        Assert.True(queue.GetProperty("VisibilityTimeout").GetInt32() >= 6 * 900);
    }

    [Fact]
    public void Cfn_lint_finds_nothing()
    {
        var start = new System.Diagnostics.ProcessStartInfo("cfn-lint") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--include-checks", "I", "--", RepositoryFiles.Path("deploy", "elb-log-processor.template.json")]) start.ArgumentList.Add(a);
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("cfn-lint is not installed: it is on our machines (pip install cfn-lint elsewhere)", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, output);
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex SubReference();
}
