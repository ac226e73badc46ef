using System.Text.Json;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class InvocationEventParserTests
{
    private static string Events(string name) =>
        File.ReadAllText(Path.Combine(RepositoryFiles.Root, "deploy", "events", name));

    private static string S3Record(string key, string bucket = "logs", string eventName = "ObjectCreated:Put", string eTag = "0123abcd") =>
        JsonSerializer.Serialize(new
        {
            eventVersion = "2.1",
            eventSource = "aws:s3",
            awsRegion = "us-east-1",
            eventTime = "2026-11-26T12:00:00.000Z",
            eventName,
            s3 = new
            {
                s3SchemaVersion = "1.0",
                bucket = new { name = bucket, arn = $"arn:aws:s3:::{bucket}" },
                @object = new { key, size = 10, eTag, versionId = "v1", sequencer = "00" },
            },
        });

    [Fact]
    public void S3_notification_with_several_records_and_url_encoded_keys()
    {
        var objects = InvocationEventParser.Parse($$"""{"Records":[{{S3Record("AWSLogs/1/elb/my+log%2B2024.log")}},{{S3Record("b%C3%A4r/x.log.gz", "other")}}]}""");
        Assert.Equal(
            [new ObjectToRead(new ObjectLocation("logs", "AWSLogs/1/elb/my log+2024.log", "0123abcd", "v1"), 10),
             new ObjectToRead(new ObjectLocation("other", "bär/x.log.gz", "0123abcd", "v1"), 10)],
            objects);
    }

    [Fact]
    public void Notifications_other_than_object_created_are_ignored() =>
        Assert.Empty(InvocationEventParser.Parse($$"""{"Records":[{{S3Record("k", eventName: "ObjectRemoved:Delete")}}]}"""));

    [Theory]
    [InlineData("sqs-wrapped-s3-put.json", "alb.log.gz")]
    [InlineData("sns-wrapped-s3-put.json", "nlb.log.gz")]
    [InlineData("eventbridge-object-created.json", "classic-elb.log")]
    [InlineData("s3-put-classic.json", "classic-elb.log")]
    public void Wrapped_and_eventbridge_events_name_the_object(string file, string key)
    {
        var reference = Assert.Single(InvocationEventParser.Parse(Events(file)));
        Assert.Equal(("samples", key), (reference.Location.Bucket, reference.Location.Key));
        Assert.True(reference.Size > 0);
    }

    [Fact]
    public void Sqs_batch_with_several_messages()
    {
        string Message(string key) => JsonSerializer.Serialize(new
        {
            eventSource = "aws:sqs",
            body = $$"""{"Records":[{{S3Record(key)}}]}""",
        });
        var objects = InvocationEventParser.Parse($$"""{"Records":[{{Message("a.log")}},{{Message("b.log")}}]}""");
        Assert.Equal(["a.log", "b.log"], objects.Select(o => o.Location.Key));
    }

    [Fact]
    public void The_s3_test_event_yields_nothing() => Assert.Empty(InvocationEventParser.Parse(Events("s3-test-event.json")));

    [Fact]
    public void The_test_event_a_bucket_sends_its_notification_queue_is_a_message_read_with_nothing_to_do()
    {
        // A bucket of another account notifying ObjectCreatedQueue: S3 puts its test event there when the owner adds the notification.
        var parsed = InvocationEventParser.ParseEvent(S3Events.SqsBatch(("test", Events("s3-test-event.json")), ("put", S3Events.Put("org-logs", "AWSLogs/1/x.log"))));
        Assert.Equal(["put"], parsed.Objects.Select(o => o.MessageId));
        Assert.Equal(["test", "put"], parsed.SqsMessageIds);
        Assert.Empty(parsed.Unreadable);   // not a failure: its message is deleted, not retried into the failure queue
    }

    [Theory]
    [InlineData("s3-put-elb-test-file.json")]
    [InlineData("s3-put-elb-connection-test-file.json")]
    [InlineData("s3-put-elb-health-check-test-file.json")]
    public void The_test_objects_elb_writes_are_recognised(string file) =>
        Assert.True(Assert.Single(InvocationEventParser.Parse(Events(file))).Location.IsElbTestFile);

    [Theory]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/2025/01/01/x.log.gz")]
    [InlineData("AWSLogs/1/NotAnELBAccessLogTestFile")]
    [InlineData("AWSLogs/1/ELBAccessLogTestFile.log")]
    public void Other_objects_are_not_test_objects(string key) => Assert.False(new ObjectLocation("b", key).IsElbTestFile);

    [Theory]
    [InlineData("AWSLogs/123456789012/elasticloadbalancing/us-east-1/2025/01/01/x.log.gz", "123456789012")]
    [InlineData("central/elb/AWSLogs/123456789012/ELBAccessLogTestFile", "123456789012")]
    [InlineData("AWSLogs/aws-account-id=123456789012/aws-service=elasticloadbalancing/x.json.gz", "123456789012")]
    [InlineData("MyAWSLogs/123456789012/x.log", null)]                  // not the folder ELB writes
    [InlineData("other/MyAWSLogs/9/AWSLogs/123456789012/x.log", "123456789012")]
    [InlineData("AWSLogs/12345678901/x.log", null)]                     // 11 digits: no account
    [InlineData("AWSLogs/123456789012", null)]                          // no folder below it
    [InlineData("logs/x.log", null)]
    public void The_account_of_a_key_is_its_AWSLogs_folder(string key, string? account) =>
        Assert.Equal(account, new ObjectLocation("b", key).LogAccount);

    [Fact]
    public void Log_accounts_skip_the_objects_of_other_accounts_and_keys_outside_any_account_folder()
    {
        var aws = new ElbLogProcessor.Configuration.AwsOptions { LogAccounts = ["111111111111", "333333333333"] };
        Assert.Null(aws.AccountSkip(new ObjectLocation("b", "AWSLogs/333333333333/x.log").LogAccount));
        Assert.Null(aws.AccountSkip(new ObjectLocation("b", "AWSLogs/aws-account-id=111111111111/x.json").LogAccount));
        Assert.Equal("account 222222222222 is not one of LOG_ACCOUNTS (111111111111, 333333333333): skipped, nothing of it read",
            aws.AccountSkip(new ObjectLocation("b", "AWSLogs/222222222222/x.log").LogAccount));
        Assert.StartsWith("its key is under no AWSLogs/<account>/ folder", aws.AccountSkip(new ObjectLocation("b", "x.log").LogAccount));
        Assert.Null(new ElbLogProcessor.Configuration.AwsOptions().AccountSkip(new ObjectLocation("b", "x.log").LogAccount));   // unset: every account
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"hello\":\"world\"}", "neither an S3 notification")]
    [InlineData("{\"Records\":[{\"eventSource\":\"aws:dynamodb\"}]}", "aws:dynamodb")]
    [InlineData("{\"Records\":[{\"eventSource\":\"aws:sqs\",\"body\":\"oops\"}]}", "SQS body is not JSON")]
    [InlineData("{\"detail-type\":\"Object Deleted\",\"detail\":{}}", "Object Deleted")]
    [InlineData("{\"detail-type\":\"Object Created\",\"detail\":{\"bucket\":{\"name\":\"b\"}}}", "detail.object.key")]
    public void Other_shapes_fail_with_a_clear_error(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<UnsupportedEventException>(() => InvocationEventParser.Parse(json)).Message);

    [Fact]
    public void Continuation_messages_round_trip_directly_and_through_sqs()
    {
        ObjectToRead[] objects =
        [
            new(new ObjectLocation("logs", "a b.log", "etag1"), new ReadStart(789, 123_456, Compressed: false)),
            new(new ObjectLocation("logs", "c.log.gz", "etag2", "v7"), new ReadStart(3, 99, Compressed: true)),
        ];
        var message = HandOverMessage.Create(objects);
        Assert.Equal(objects, InvocationEventParser.Parse(message));
        var sqs = JsonSerializer.Serialize(new { Records = new[] { new { eventSource = "aws:sqs", body = message } } });
        Assert.Equal(objects, InvocationEventParser.Parse(sqs));
    }
}
