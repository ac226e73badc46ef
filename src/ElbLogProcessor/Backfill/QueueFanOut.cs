using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using ElbLogProcessor.Invocation;
using Polly;
using Polly.Retry;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// <c>backfill --via-queue</c>: one message per object to the queue the deployed function consumes
/// (SendMessageBatch, 10 a call), so that Lambda reads the objects in parallel under its concurrency
/// limit. Each message is one the function accepts: an S3 notification of the object (or, for an
/// object a stopped backfill read part of, a continuation from where it stopped). Entries SQS refuses
/// are sent again with backoff.
/// </summary>
internal sealed class QueueFanOut(IAmazonSQS sqs, string queueUrl)
{
    private const int BatchSize = 10;

    /// <summary>Sends again what SQS refused (throttled, not a sender's fault), with backoff: built once, for every fan-out.</summary>
    private static readonly ResiliencePipeline<List<SendMessageBatchRequestEntry>> Resend = new ResiliencePipelineBuilder<List<SendMessageBatchRequestEntry>>()
        .AddRetry(new RetryStrategyOptions<List<SendMessageBatchRequestEntry>>
        {
            MaxRetryAttempts = 5,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Count: > 0 }),
        })
        .Build();

    /// <returns>The results, one per object: queued, or failed with SQS's reason.</returns>
    public async Task<IReadOnlyList<ObjectResult>> SendAsync(IReadOnlyList<ObjectToRead> objects,
        BackfillProgress progress, CancellationToken interrupt)
    {
        var results = new List<ObjectResult>();
        foreach (var chunk in objects.Chunk(BatchSize))
        {
            if (interrupt.IsCancellationRequested)
            {
                results.AddRange(chunk.Select(o => new ObjectResult(o.Location.Key, ObjectOutcome.NotStarted)));
                continue;
            }

            var entries = chunk.Select((o, i) => new SendMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Message(o))).ToList();
            var reasons = new Dictionary<string, string>();
            var rejected = new HashSet<string>();
            var pending = entries;  // each attempt sends only what SQS refused last time
            var refused = await Resend.ExecuteAsync(async ct =>
            {
                var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest(queueUrl, pending), ct).ConfigureAwait(false);
                var refusedNow = new HashSet<string>();
                foreach (var failure in response.Failed ?? [])
                {
                    reasons[failure.Id] = $"{failure.Code}: {failure.Message}";
                    // A sender fault (a message SQS will never take) is not sent again; throttling and the like are.
                    if (failure.SenderFault == true) rejected.Add(failure.Id);
                    else refusedNow.Add(failure.Id);
                }

                pending = [.. pending.Where(e => refusedNow.Contains(e.Id))];
                return pending;
            }, CancellationToken.None).ConfigureAwait(false);
            var refusedIds = refused.Select(e => e.Id).Concat(rejected).ToHashSet();
            for (int i = 0; i < chunk.Length; i++)
            {
                string id = entries[i].Id;
                results.Add(refusedIds.Contains(id)
                    ? new ObjectResult(chunk[i].Location.Key, ObjectOutcome.Failed, Reason: $"SQS refused the message: {reasons.GetValueOrDefault(id)}")
                    : new ObjectResult(chunk[i].Location.Key, ObjectOutcome.Queued));
            }

            progress.MessagesSent(chunk.Length - refusedIds.Count, chunk.Sum(o => o.Size ?? 0));
        }

        return results;
    }

    /// <summary>An S3 notification of the object, as S3 sends it (key URL-encoded); a hand-over when it starts mid-object.</summary>
    public static string Message(ObjectToRead o)
    {
        if (o.Start.ByteOffset > 0) return HandOverMessage.Create([o]);
        var location = o.Location;
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps the key as S3 writes it ("+" for a space, not "\u002B"): people read these messages.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("Records");
            w.WriteStartObject();
            w.WriteString("eventVersion", "2.1");
            w.WriteString("eventSource", "aws:s3");
            w.WriteString("eventName", "ObjectCreated:Put");
            w.WriteStartObject("s3");
            w.WriteStartObject("bucket");
            w.WriteString("name", location.Bucket);
            w.WriteEndObject();
            w.WriteStartObject("object");
            w.WriteString("key", WebUtility.UrlEncode(location.Key).Replace("%2F", "/", StringComparison.Ordinal));
            if (o.Size is { } size) w.WriteNumber("size", size);
            if (location.ETag is { } eTag) w.WriteString("eTag", eTag);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
