using System.Net;
using System.Text.Json;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Invocation;

/// <summary>
/// Turns an invocation event into the objects to read, walking each record once: S3
/// notifications (one or several records), the same wrapped in SQS (<c>Records[].body</c>) or SNS
/// (<c>Records[].Sns.Message</c>), EventBridge "Object Created", and this function's own
/// hand-over messages. The S3 test event and delete notifications yield nothing. Any other
/// shape is an <see cref="UnsupportedEventException"/> saying what was found.
/// </summary>
internal static class InvocationEventParser
{
    private const int MaxNesting = 3;

    public static IReadOnlyList<ObjectToRead> Parse(string eventJson) => ParseEvent(eventJson).Objects;

    /// <summary>The objects, and the ids of the SQS messages the event carried (empty when it did not come through SQS).</summary>
    public static InvocationEvent ParseEvent(string eventJson)
    {
        var objects = new List<ObjectToRead>();
        var messages = new List<string>();
        var unreadable = new List<(string, string)>();
        using var document = ParseJson(eventJson, "the event");
        Collect(document.RootElement, objects, messages, depth: 0, unreadable);
        return new InvocationEvent(objects, messages, unreadable);
    }

    private static JsonDocument ParseJson(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new UnsupportedEventException($"{what} is not JSON: {e.Message}");
        }
    }

    /// <param name="root">The event, or a message inside it.</param>
    /// <param name="objects">Where the objects found go.</param>
    /// <param name="messages">Where the ids of the SQS messages of the batch go.</param>
    /// <param name="depth">How deep in notifications wrapping notifications this is.</param>
    /// <param name="unreadable">At the top of an SQS batch: where a message that cannot be read goes, with why, instead of
    /// failing the whole batch (null below it: a message inside a message is one message).</param>
    private static void Collect(JsonElement root, List<ObjectToRead> objects, List<string> messages, int depth,
        List<(string, string)>? unreadable = null)
    {
        if (depth > MaxNesting) throw new UnsupportedEventException("the event nests notifications too deeply");
        if (root.ValueKind != JsonValueKind.Object) throw new UnsupportedEventException("the event is not a JSON object");

        if (root.TryGetProperty(HandOverMessage.PropertyName, out _))
        {
            objects.AddRange(HandOverMessage.Parse(root));
            return;
        }

        // "s3:TestEvent", sent when a notification is configured: nothing to read.
        if (Text(root, "Event") == "s3:TestEvent") return;

        if (root.TryGetProperty("detail-type", out var detailType))
        {
            objects.Add(FromEventBridge(root, detailType.GetString()));
            return;
        }

        if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
            throw new UnsupportedEventException(
                "the event is neither an S3 notification (Records), an SQS or SNS message carrying one, an EventBridge Object Created event, nor a continuation");

        foreach (var record in records.EnumerateArray())
        {
            string? source = Text(record, "eventSource") ?? Text(record, "EventSource");
            switch (source)
            {
                case "aws:s3":
                    if (FromS3Record(record) is { } reference) objects.Add(reference);
                    break;
                case "aws:sqs":
                    // Every object the message names answers for it: one that fails puts the message back in the queue.
                    int first = objects.Count;
                    string? messageId = depth == 0 ? Text(record, "messageId") : null;
                    try
                    {
                        CollectWrapped(Text(record, "body"), "SQS body", objects, messages, depth);
                    }
                    catch (UnsupportedEventException e) when (messageId is not null && unreadable is not null)
                    {
                        // This message alone fails (and ends in the failure queue after its retries); the batch's others are read.
                        objects.RemoveRange(first, objects.Count - first);
                        unreadable.Add((messageId, e.Message));
                    }

                    if (messageId is not null)
                    {
                        messages.Add(messageId);
                        for (int i = first; i < objects.Count; i++) objects[i] = objects[i] with { MessageId = messageId };
                    }

                    break;
                case "aws:sns":
                    CollectWrapped(record.TryGetProperty("Sns", out var sns) ? Text(sns, "Message") : null, "SNS message", objects, messages, depth);
                    break;
                default:
                    throw new UnsupportedEventException($"a record has event source '{source ?? "(none)"}', not aws:s3, aws:sqs or aws:sns");
            }
        }
    }

    private static void CollectWrapped(string? inner, string what, List<ObjectToRead> objects, List<string> messages, int depth)
    {
        if (inner is null) throw new UnsupportedEventException($"the {what} is missing");
        using var document = ParseJson(inner, $"the {what}");
        Collect(document.RootElement, objects, messages, depth + 1);
    }

    /// <summary>One S3 notification record; null for one that creates nothing (a delete or restore).</summary>
    private static ObjectToRead? FromS3Record(JsonElement record)
    {
        if (Text(record, "eventName") is { } name && !name.Contains("ObjectCreated", StringComparison.Ordinal)) return null;
        if (!record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object)
            throw new UnsupportedEventException("an S3 record has no s3 entity");
        string bucket = (s3.TryGetProperty("bucket", out var b) ? Text(b, "name") : null)
                        ?? throw new UnsupportedEventException("an S3 record has no bucket name");
        var o = s3.TryGetProperty("object", out var entity) ? entity : default;
        string key = Text(o, "key") ?? throw new UnsupportedEventException("an S3 record has no object key");
        return new ObjectToRead(new ObjectLocation(bucket, DecodeKey(key), ETag(Text(o, "eTag")), NullIfEmpty(Text(o, "versionId"))), Size(o, "size"));
    }

    private static ObjectToRead FromEventBridge(JsonElement root, string? detailType)
    {
        if (detailType != "Object Created")
            throw new UnsupportedEventException($"EventBridge event '{detailType}' is not an S3 Object Created event");
        var detail = root.TryGetProperty("detail", out var d) ? d : default;
        var o = detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("object", out var entity) ? entity : default;
        string? bucket = detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("bucket", out var b) ? Text(b, "name") : null;
        string? key = Text(o, "key");
        if (string.IsNullOrEmpty(bucket) || string.IsNullOrEmpty(key))
            throw new UnsupportedEventException("the EventBridge event has no detail.bucket.name or detail.object.key");
        // EventBridge keys are URL-encoded like notification keys.
        return new ObjectToRead(new ObjectLocation(bucket, DecodeKey(key), ETag(Text(o, "etag")), NullIfEmpty(Text(o, "version-id"))), Size(o, "size"));
    }

    /// <summary>Notification keys are URL-encoded with <c>+</c> for a space.</summary>
    public static string DecodeKey(string key) => WebUtility.UrlDecode(key);

    private static long? Size(JsonElement entity, string name) =>
        entity.ValueKind == JsonValueKind.Object && entity.TryGetProperty(name, out var size) &&
        size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out long bytes)
            ? bytes
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>ETags arrive with or without their quotes; kept without.</summary>
    private static string? ETag(string? value) => NullIfEmpty(value?.Trim('"'));
}
