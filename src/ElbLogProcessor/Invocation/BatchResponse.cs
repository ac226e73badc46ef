using System.Text.Json;

namespace ElbLogProcessor.Invocation;

/// <summary>
/// The answer to an SQS batch with <c>ReportBatchItemFailures</c> on:
/// <c>{"batchItemFailures":[{"itemIdentifier":"&lt;messageId&gt;"}],"summary":{...}}</c>. Lambda deletes
/// every other message of the batch and makes only these visible again.
/// </summary>
internal static class BatchResponse
{
    public static string Create(IReadOnlyList<string> failedMessageIds, string summaryJson)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("batchItemFailures");
            foreach (var id in failedMessageIds)
            {
                writer.WriteStartObject();
                writer.WriteString("itemIdentifier", id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("summary");
            writer.WriteRawValue(summaryJson, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
