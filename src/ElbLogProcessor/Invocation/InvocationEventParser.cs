using System.Net;
using System.Text.Json;
using Amazon.S3.Util;

namespace ElbLogProcessor.Invocation;

/// <summary>The invocation event has a shape this function does not handle.</summary>
public sealed class UnsupportedEventException(string message) : Exception(message);

/// <summary>
/// Turns an invocation event into the objects to read: S3 notifications (one or several
/// records), the same wrapped in SQS (<c>Records[].body</c>) or SNS (<c>Records[].Sns.Message</c>),
/// EventBridge "Object Created", and this function's own continuation messages. The S3
/// test event yields nothing. Any other shape is an <see cref="UnsupportedEventException"/>.
/// </summary>
public static class InvocationEventParser
{
    public static IReadOnlyList<ObjectReference> Parse(string eventJson)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(eventJson);
        }
        catch (JsonException e)
        {
            throw new UnsupportedEventException($"the event is not JSON: {e.Message}");
        }

        using (document)
        {
            var objects = new List<ObjectReference>();
            Collect(document.RootElement, eventJson, objects, depth: 0);
            return objects;
        }
    }

    private static void Collect(JsonElement root, string json, List<ObjectReference> objects, int depth)
    {
        if (depth > 3) throw new UnsupportedEventException("the event nests notifications too deeply");
        if (root.ValueKind != JsonValueKind.Object) throw new UnsupportedEventException("the event is not a JSON object");

        if (root.TryGetProperty(ContinuationMessage.PropertyName, out _))
        {
            objects.AddRange(ContinuationMessage.Parse(json));
            return;
        }

        // "s3:TestEvent", sent when a notification is configured: nothing to read.
        if (root.TryGetProperty("Event", out var testEvent) && testEvent.GetString() == "s3:TestEvent") return;

        if (root.TryGetProperty("detail-type", out var detailType))
        {
            CollectEventBridge(root, detailType.GetString(), objects);
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
                    objects.AddRange(FromS3Notification($"{{\"Records\":[{record.GetRawText()}]}}", NotifiedSize(record)));
                    break;
                case "aws:sqs":
                    CollectWrapped(Text(record, "body"), "SQS body", objects, depth);
                    break;
                case "aws:sns":
                    CollectWrapped(record.TryGetProperty("Sns", out var sns) ? Text(sns, "Message") : null, "SNS message", objects, depth);
                    break;
                default:
                    throw new UnsupportedEventException($"a record has event source '{source ?? "(none)"}', not aws:s3, aws:sqs or aws:sns");
            }
        }
    }

    private static void CollectWrapped(string? inner, string what, List<ObjectReference> objects, int depth)
    {
        if (inner is null) throw new UnsupportedEventException($"the {what} is missing");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(inner);
        }
        catch (JsonException e)
        {
            throw new UnsupportedEventException($"the {what} is not JSON: {e.Message}");
        }

        using (document) Collect(document.RootElement, inner, objects, depth + 1);
    }

    /// <summary>S3's own notification records, read with AWSSDK.S3's <see cref="S3EventNotification"/>.</summary>
    private static IEnumerable<ObjectReference> FromS3Notification(string json, long? size)
    {
        var notification = S3EventNotification.ParseJson(json);
        foreach (var record in notification.Records ?? [])
        {
            if (record.EventName is { } name && !name.Value.Contains("ObjectCreated", StringComparison.Ordinal))
                continue;   // a delete or restore notification: nothing to read
            var entity = record.S3 ?? throw new UnsupportedEventException("an S3 record has no s3 entity");
            string bucket = entity.Bucket?.Name ?? throw new UnsupportedEventException("an S3 record has no bucket name");
            string rawKey = entity.Object?.Key ?? throw new UnsupportedEventException("an S3 record has no object key");
            yield return new ObjectReference(bucket, DecodeKey(rawKey), NullIfEmpty(entity.Object.ETag), NullIfEmpty(entity.Object.VersionId),
                Size: size);
        }
    }

    private static void CollectEventBridge(JsonElement root, string? detailType, List<ObjectReference> objects)
    {
        if (detailType != "Object Created")
            throw new UnsupportedEventException($"EventBridge event '{detailType}' is not an S3 Object Created event");
        var detail = root.GetProperty("detail");
        string bucket = detail.TryGetProperty("bucket", out var b) ? Text(b, "name") ?? "" : "";
        string key = detail.TryGetProperty("object", out var o) ? Text(o, "key") ?? "" : "";
        if (bucket.Length == 0 || key.Length == 0)
            throw new UnsupportedEventException("the EventBridge event has no detail.bucket.name or detail.object.key");
        // EventBridge keys are URL-encoded like notification keys.
        long? size = o.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long bytes) ? bytes : null;
        objects.Add(new ObjectReference(bucket, DecodeKey(key), NullIfEmpty(Text(o, "etag")), NullIfEmpty(Text(o, "version-id")), Size: size));
    }

    /// <summary><c>s3.object.size</c> when the record has it (the SDK's entity reads a missing size as 0).</summary>
    private static long? NotifiedSize(JsonElement record) =>
        record.TryGetProperty("s3", out var s3) && s3.TryGetProperty("object", out var o) &&
        o.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out long bytes)
            ? bytes
            : null;

    /// <summary>Notification keys are URL-encoded with <c>+</c> for a space.</summary>
    public static string DecodeKey(string key) => WebUtility.UrlDecode(key);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value.Trim('"');
}
