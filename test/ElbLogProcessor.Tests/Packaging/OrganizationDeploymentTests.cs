using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The template where organizations keep their logs: a central bucket several accounts write to (SourceAccountIds),
/// and a bucket owned by another account (LogsBucketAccountId), rendered for those parameters.
/// </summary>
[Trait("Category", Category.Packaging)]
public class OrganizationDeploymentTests
{
    private static readonly JsonElement Template = JsonDocument.Parse(RepositoryFiles.ReadText("deploy", "elb-log-processor.template.json")).RootElement;

    private static JsonElement Resource(string name) => Template.GetProperty("Resources").GetProperty(name);

    private static TemplateEvaluator Central(string logPrefix = "") => new(Template, ("LogsBucketName", "org-logs"), ("UseExistingBucket", "true"),
        ("SourceAccountIds", "222222222222, 333333333333"), ("LogPrefix", logPrefix));

    private static TemplateEvaluator OtherAccountsBucket() => new(Template, ("LogsBucketName", "org-logs"), ("UseExistingBucket", "true"),
        ("LogsBucketAccountId", "999999999999"), ("LogPrefix", "elb/"), ("LogSuffix", ".log.gz"));

    [Fact]
    public void In_a_central_bucket_the_role_reads_and_lists_the_listed_accounts_folders_and_nothing_else()
    {
        Assert.True(Central().Condition("ListsSourceAccounts"));
        Assert.False(new TemplateEvaluator(Template, ("LogsBucketName", "my-logs")).Condition("ListsSourceAccounts"));
        var access = new ReadAccess(Central("elb/"));
        foreach (var key in new[] { "elb/AWSLogs/222222222222/elasticloadbalancing/eu-west-1/2026/12/08/x.log.gz",
                     "elb/AWSLogs/aws-account-id=333333333333/aws-service=elasticloadbalancing/x.json.gz" })
            Assert.True(access.MayRead("org-logs", key), key);
        foreach (var (bucket, key) in new[]
                 {
                     ("org-logs", $"elb/AWSLogs/{TemplateEvaluator.AccountId}/x.log.gz"),   // this account is not listed: not read either
                     ("org-logs", "elb/AWSLogs/444444444444/x.log.gz"),
                     ("org-logs", "other/AWSLogs/222222222222/x.log.gz"),                    // outside the log prefix
                     ("another-bucket", "elb/AWSLogs/222222222222/x.log.gz"),
                 })
            Assert.False(access.MayRead(bucket, key), $"{bucket}/{key}");

        Assert.True(access.MayList("org-logs", "elb/AWSLogs/222222222222/elasticloadbalancing/eu-west-1/2026/"));
        Assert.True(access.MayList("org-logs", "elb/AWSLogs/aws-account-id=333333333333/"));
        Assert.False(access.MayList("org-logs", "elb/AWSLogs/444444444444/"));
        Assert.False(access.MayList("org-logs", "elb/AWSLogs/"));
        Assert.False(access.MayList("org-logs", "other/AWSLogs/222222222222/"));   // the account's folder, but outside the log prefix
        Assert.False(access.MayList("another-bucket", "elb/AWSLogs/222222222222/"));
    }

    [Fact]
    public void With_a_star_every_account_of_the_log_prefix_is_read_and_nothing_outside_it()
    {
        var everyone = new TemplateEvaluator(Template, ("LogsBucketName", "org-logs"), ("UseExistingBucket", "true"),
            ("SourceAccountIds", "*"), ("LogPrefix", "elb/"));
        var access = new ReadAccess(everyone);
        Assert.True(access.MayRead("org-logs", "elb/AWSLogs/444444444444/elasticloadbalancing/x.log.gz"));
        Assert.True(access.MayRead("org-logs", "elb/AWSLogs/aws-account-id=555555555555/x.json.gz"));
        Assert.False(access.MayRead("org-logs", "other/AWSLogs/444444444444/x.log.gz"));
        Assert.True(access.MayList("org-logs", "elb/AWSLogs/444444444444/"));
        Assert.False(access.MayList("org-logs", "other/"));

        var variables = everyone.Render(Resource("Function").GetProperty("Properties").GetProperty("Environment").GetProperty("Variables"))!;
        Assert.Equal("*", (string?)variables["LOG_ACCOUNTS"]);
        Assert.Empty(Configuration.AwsOptions.ParseLogAccounts("*"));   // every account: nothing skipped
        Assert.Matches(Template.GetProperty("Parameters").GetProperty("SourceAccountIds").GetProperty("AllowedPattern").GetString()!, "*");
    }

    [Fact]
    public void The_role_policy_of_forty_accounts_fits_iams_limit_for_a_role()
    {
        // IAM counts a role's inline policies without white space, at most 10,240 characters together; the parameter says ~40.
        var ids = string.Join(",", Enumerable.Range(0, 40).Select(i => $"{222222222222 + i}"));
        var stack = new TemplateEvaluator(Template, ("LogsBucketName", "an-organizations-central-log-bucket"), ("UseExistingBucket", "true"),
            ("SourceAccountIds", ids), ("LogPrefix", "load-balancers/"), ("LogsBucketKmsKeyArn", "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            ("LogstashPasswordParameter", "elb/logstash-password"), ("LogstashCaBundleParameter", "elb/logstash-ca"), ("SubnetIds", "subnet-1"), ("VpcId", "vpc-1"));
        var policies = stack.Render(Resource("FunctionRole").GetProperty("Properties").GetProperty("Policies"))!.AsArray();
        int size = policies.Sum(p => p!["PolicyDocument"]!.ToJsonString().Count(c => !char.IsWhiteSpace(c)));
        Assert.InRange(size, 1, 10_240);
        Assert.Contains("\"arn:*:s3:::*/AWSLogs/222222222261/*\"", policies.ToJsonString());
    }

    [Fact]
    public void The_function_skips_other_accounts_objects_by_the_list_the_stack_gives_it()
    {
        var variables = Resource("Function").GetProperty("Properties").GetProperty("Environment").GetProperty("Variables");
        var central = Central().Render(variables)!;
        Assert.Equal("222222222222,333333333333", (string?)central["LOG_ACCOUNTS"]);
        Assert.Equal("org-logs", (string?)central["LOG_BUCKETS"]);
        Assert.Equal(["222222222222", "333333333333"], Configuration.AwsOptions.ParseLogAccounts((string?)central["LOG_ACCOUNTS"]));
        // One account, the stack's own: its role reads nothing else, so nothing is set and nothing is skipped.
        Assert.Null(new TemplateEvaluator(Template, ("LogsBucketName", "my-logs")).Render(variables)!["LOG_ACCOUNTS"]);
    }

    [Fact]
    public void Source_accounts_are_account_ids_and_need_an_existing_bucket()
    {
        var parameter = Template.GetProperty("Parameters").GetProperty("SourceAccountIds");
        Assert.Equal(("CommaDelimitedList", ""), (parameter.GetProperty("Type").GetString(), parameter.GetProperty("Default").GetString()));
        var pattern = parameter.GetProperty("AllowedPattern").GetString()!;
        Assert.Matches(pattern, "222222222222");
        Assert.DoesNotMatch(pattern, "arn:aws:iam::222222222222:root");

        // A bucket this stack creates lets this account's load balancers write, no others' (ELB's principals are pinned by key).
        var rule = Template.GetProperty("Rules").GetProperty("SourceAccountsNeedAnExistingBucket");
        Assert.Equal("UseExistingBucket", rule.GetProperty("RuleCondition").GetProperty("Fn::Equals")[0].GetProperty("Ref").GetString());
        var assert = rule.GetProperty("Assertions")[0];
        Assert.Equal("SourceAccountIds", assert.GetProperty("Assert").GetProperty("Fn::EachMemberEquals")[0].GetProperty("Ref").GetString());
        Assert.Contains("UseExistingBucket=true", assert.GetProperty("AssertDescription").GetString());
    }

    [Fact]
    public void A_bucket_of_another_account_notifies_a_queue_of_this_stack_that_only_that_bucket_may_send_to()
    {
        var stack = OtherAccountsBucket();
        Assert.True(stack.Condition("BucketInOtherAccount"));
        Assert.False(stack.Exists(Resource("ObjectCreatedRule")));   // EventBridge would deliver in the owner's account only
        foreach (var name in new[] { "ObjectCreatedQueue", "ObjectCreatedQueuePolicy", "ObjectCreatedEventSource", "ObjectCreatedAgeAlarm" })
            Assert.True(stack.Exists(Resource(name)), name);

        var policy = stack.Render(Resource("ObjectCreatedQueuePolicy").GetProperty("Properties"))!;
        var send = policy["PolicyDocument"]!["Statement"]!.AsArray().Single(s => (string?)s!["Effect"] == "Allow")!;
        Assert.Equal("s3.amazonaws.com", (string?)send["Principal"]!["Service"]);
        Assert.Equal("sqs:SendMessage", (string?)send["Action"]);
        Assert.Equal("arn:aws:s3:::org-logs", (string?)send["Condition"]!["ArnLike"]!["aws:SourceArn"]);
        Assert.Equal("999999999999", (string?)send["Condition"]!["StringEquals"]!["aws:SourceAccount"]);
        Assert.Equal("<ObjectCreatedQueue>", (string?)policy["Queues"]![0]);
        var tls = policy["PolicyDocument"]!["Statement"]!.AsArray().Single(s => (string?)s!["Effect"] == "Deny")!;
        Assert.Equal(("sqs:*", "false"), ((string?)tls["Action"], (string?)tls["Condition"]!["Bool"]!["aws:SecureTransport"]));

        // Read as the continuation queue is: partial batch failures, the same brake, the same failure queue after three receives.
        var mapping = stack.Render(Resource("ObjectCreatedEventSource").GetProperty("Properties"))!;
        var continuation = stack.Render(Resource("ContinuationEventSource").GetProperty("Properties"))!;
        Assert.Equal("<ObjectCreatedQueue.Arn>", (string?)mapping["EventSourceArn"]);
        mapping.AsObject().Remove("EventSourceArn");
        continuation.AsObject().Remove("EventSourceArn");
        Assert.True(JsonNode.DeepEquals(continuation, mapping), mapping.ToJsonString());
        var queue = stack.Render(Resource("ObjectCreatedQueue").GetProperty("Properties"))!;
        Assert.Equal("<FailureQueue.Arn>", (string?)queue["RedrivePolicy"]!["deadLetterTargetArn"]);
        Assert.True((bool)queue["SqsManagedSseEnabled"]!);   // S3 can send to SSE-SQS queues, not to ones under the AWS managed KMS key

        var role = stack.Render(Resource("FunctionRole").GetProperty("Properties"))!["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray();
        var consume = role.Single(s => (string?)s!["Sid"] == "ConsumeQueues")!;
        Assert.Contains("<ObjectCreatedQueue.Arn>", consume["Resource"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public void The_bucket_owner_gets_the_statements_and_the_notification_to_add_as_outputs()
    {
        var stack = OtherAccountsBucket();
        var outputs = Template.GetProperty("Outputs");
        var statements = JsonNode.Parse((string)stack.Render(outputs.GetProperty("BucketOwnerPolicyStatement").GetProperty("Value"))!)!.AsArray();
        Assert.All(statements, s => Assert.Equal("<FunctionRole.Arn>", (string?)s!["Principal"]!["AWS"]));
        Assert.Equal("arn:aws:s3:::org-logs/elb/AWSLogs/*", (string?)statements[0]!["Resource"]);
        Assert.Equal("elb/AWSLogs/*", (string?)statements[1]!["Condition"]!["StringLike"]!["s3:prefix"]);

        var notification = JsonNode.Parse((string)stack.Render(outputs.GetProperty("BucketOwnerNotificationConfiguration").GetProperty("Value"))!)!;
        Assert.Equal("<ObjectCreatedQueue.Arn>", (string?)notification["QueueArn"]);
        Assert.Equal("s3:ObjectCreated:*", (string?)notification["Events"]![0]);
        var rules = notification["Filter"]!["Key"]!["FilterRules"]!.AsArray().ToDictionary(r => (string)r!["Name"]!, r => (string?)r!["Value"]);
        Assert.Equal(new Dictionary<string, string?> { ["prefix"] = "elb/AWSLogs/", ["suffix"] = ".log.gz" }, rules);

        Assert.All(new[] { "BucketOwnerPolicyStatement", "BucketOwnerNotificationConfiguration", "ObjectCreatedQueueArn" },
            name => Assert.Equal("BucketInOtherAccount", outputs.GetProperty(name).GetProperty("Condition").GetString()));
        var deployment = RepositoryFiles.ReadText("docs/deployment.md");
        Assert.Contains("BucketOwnerPolicyStatement", deployment);
        Assert.Contains("BucketOwnerNotificationConfiguration", deployment);
    }

    [Fact]
    public void Another_accounts_bucket_must_exist_already_and_its_queue_is_watched()
    {
        var rule = Template.GetProperty("Rules").GetProperty("OtherAccountsBucketExistsAlready");
        Assert.Equal("LogsBucketAccountId", rule.GetProperty("RuleCondition").GetProperty("Fn::Not")[0].GetProperty("Fn::Equals")[0].GetProperty("Ref").GetString());
        Assert.Equal("UseExistingBucket", rule.GetProperty("Assertions")[0].GetProperty("Assert").GetProperty("Fn::Equals")[0].GetProperty("Ref").GetString());

        var alarm = OtherAccountsBucket().Render(Resource("ObjectCreatedAgeAlarm").GetProperty("Properties"))!;
        Assert.Equal(("AWS/SQS", "ApproximateAgeOfOldestMessage"), ((string?)alarm["Namespace"], (string?)alarm["MetricName"]));
        Assert.Equal("<ObjectCreatedQueue.QueueName>", (string?)alarm["Dimensions"]![0]!["Value"]);
        Assert.Equal(1800, (int)alarm["Threshold"]!);   // ContinuationAgeAlarmMinutes' default, 30 minutes
        Assert.Contains("`ObjectCreatedAgeAlarm`", RepositoryFiles.ReadText("docs/operations.md"));

        // Without another account's bucket, none of it exists.
        var own = new TemplateEvaluator(Template, ("LogsBucketName", "my-logs"));
        Assert.All(new[] { "ObjectCreatedQueue", "ObjectCreatedQueuePolicy", "ObjectCreatedEventSource", "ObjectCreatedAgeAlarm" },
            name => Assert.False(own.Exists(Resource(name)), name));
    }
}
