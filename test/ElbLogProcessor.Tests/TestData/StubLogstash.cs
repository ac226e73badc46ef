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

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int n = Interlocked.Increment(ref _requests);
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        int events = System.Text.Json.JsonDocument.Parse(body).RootElement.GetArrayLength();
        lock (EventsPerRequest) EventsPerRequest.Add(events);
        return answer(n, events);
    }

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent(status == HttpStatusCode.OK ? "ok" : "") };

    /// <summary>A client over this stub, with <paramref name="options"/> (no gzip, so bodies can be read).</summary>
    public LogstashClient Client(LogstashOptions options, RunSummary summary) =>
        new(new LogstashConnectionPool(options, this), options, summary);

    /// <summary>A sealed JSON-array batch of <paramref name="events"/> small events.</summary>
    public static EventBatch Batch(int events)
    {
        var batch = new EventBatch(BatchFraming.JsonArray, 4096);
        for (int i = 0; i < events; i++)
        {
            var e = Encoding.UTF8.GetBytes($"{{\"EventId\":\"e{i}\"}}");
            e.CopyTo(batch.GetSpan(e.Length));
            batch.Advance(e.Length);
            batch.EndEvent();
        }

        return batch.Seal();
    }
}
