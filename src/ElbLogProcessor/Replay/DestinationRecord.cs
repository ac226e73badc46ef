using System.Text.Json;
using ElbLogProcessor.Invocation;

namespace ElbLogProcessor.Replay;

/// <summary>
/// Lambda's on-failure destination record: <c>{"version","timestamp","requestContext":{"requestId",
/// "functionArn","condition","approximateInvokeCount"},"requestPayload":{the original event},
/// "responseContext":{...},"responsePayload":{...}}</c>.
/// </summary>
internal static class DestinationRecord
{
    /// <summary>
    /// The event to replay from a failure-queue message: a destination record's original event, or the
    /// message itself when it is an event the function reads (the continuation queue's redrive puts its
    /// S3 notifications and continuations there as they were). Null for anything else.
    /// </summary>
    public static string? EventToReplay(string body)
    {
        if (RequestPayload(body) is { } payload) return payload;
        try
        {
            return InvocationEventParser.Parse(body).Count > 0 ? body : null;
        }
        catch (UnsupportedEventException)
        {
            return null;
        }
    }

    /// <summary>The original event as JSON text, or null when <paramref name="body"/> is not such a record.</summary>
    public static string? RequestPayload(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("requestContext", out _) &&
                   document.RootElement.TryGetProperty("requestPayload", out var payload) && payload.ValueKind == JsonValueKind.Object
                ? payload.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
