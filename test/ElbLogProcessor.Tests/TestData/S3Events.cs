using System.Net;
using System.Text.Json;

namespace ElbLogProcessor.Tests;

/// <summary>Invocation events as AWS sends them: S3 notifications (keys URL-encoded, <c>+</c> for a space), and wrapped.</summary>
internal static class S3Events
{
    public static string Put(string bucket, params string[] keys) => Put(bucket, [.. keys.Select(k => (k, (long?)null, (string?)null))]);

    public static string Put(string bucket, params (string Key, long? Size, string? ETag)[] objects) => JsonSerializer.Serialize(new
    {
        Records = objects.Select(o => new
        {
            eventVersion = "2.1",
            eventSource = "aws:s3",
            awsRegion = "us-east-1",
            eventName = "ObjectCreated:Put",
            s3 = new
            {
                bucket = new { name = bucket, arn = $"arn:aws:s3:::{bucket}" },
                @object = new { key = EncodeKey(o.Key), size = o.Size, eTag = o.ETag },
            },
        }),
    });

    /// <summary>As S3 encodes keys in notifications: URL-encoded, a space as <c>+</c>, slashes kept.</summary>
    public static string EncodeKey(string key) => WebUtility.UrlEncode(key).Replace("%2F", "/");

    public static string SqsWrapped(string body) =>
        JsonSerializer.Serialize(new { Records = new[] { new { eventSource = "aws:sqs", body } } });

    /// <summary>An SQS event source mapping's batch: one record per message, each with its id.</summary>
    public static string SqsBatch(params (string MessageId, string Body)[] messages) => JsonSerializer.Serialize(new
    {
        Records = messages.Select(m => new
        {
            messageId = m.MessageId,
            receiptHandle = $"receipt-{m.MessageId}",
            body = m.Body,
            eventSource = "aws:sqs",
            eventSourceARN = "arn:aws:sqs:us-east-1:123456789012:elb-log-processor-continuations",
            awsRegion = "us-east-1",
        }),
    });

    public static string SnsWrapped(string message) =>
        JsonSerializer.Serialize(new { Records = new[] { new { EventSource = "aws:sns", Sns = new { Message = message } } } });

    public static string EventBridge(string bucket, string key) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["detail-type"] = "Object Created",
        ["source"] = "aws.s3",
        ["detail"] = new { bucket = new { name = bucket }, @object = new { key } },
    });
}
