using System.Net;
using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

/// <summary>An in-process HTTP handler that answers each request as a test says (given the request's number, 1-based, and its events), and records them.</summary>
internal sealed class StubLogstash(Func<int, int, HttpResponseMessage> answer) : HttpMessageHandler
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Events per request, in order.</summary>
    public List<int> EventsPerRequest { get; } = [];

    /// <summary>Each request's body as sent (before any gzip is decoded) and its declared length, in order.</summary>
    public List<(byte[] Sent, long? ContentLength)> Bodies { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int n = Interlocked.Increment(ref _requests);
        var sent = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var body = request.Content.Headers.ContentEncoding.Contains("gzip") ? Gzip.Decompress(sent) : sent;
        int events = System.Text.Json.JsonDocument.Parse(body).RootElement.GetArrayLength();
        lock (EventsPerRequest)
        {
            EventsPerRequest.Add(events);
            Bodies.Add((sent, request.Content.Headers.ContentLength));
        }

        return answer(n, events);
    }

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent(status == HttpStatusCode.OK ? "ok" : "") };

    /// <summary>A client over this stub, with <paramref name="options"/> (gzip bodies are decoded to count their events).</summary>
    public LogstashClient Client(LogstashOptions options, RunSummary summary) =>
        new(new LogstashDelivery(options, this), summary);

    /// <summary>A sealed JSON-array batch of <paramref name="events"/> small events, each with <paramref name="text"/> if given.</summary>
    public static EventBatch Batch(int events, Func<int, string>? text = null)
    {
        var batch = new EventBatch(BatchFraming.JsonArray, 4096);
        for (int i = 0; i < events; i++)
        {
            var e = Encoding.UTF8.GetBytes(text is null ? $"{{\"EventId\":\"e{i}\"}}" : $"{{\"EventId\":\"e{i}\",\"Text\":\"{text(i)}\"}}");
            e.CopyTo(batch.GetSpan(e.Length));
            batch.Advance(e.Length);
            batch.EndEvent();
        }

        return batch.Seal();
    }
}
