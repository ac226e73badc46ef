using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ElbLogProcessor.TestServers;

/// <summary>
/// A Kestrel server on 127.0.0.1 that behaves as the Logstash HTTP input (logstash-input-http
/// 4.x) does: 200 <c>ok</c>; a JSON array is one event per element; gzip bodies are decoded;
/// 429 past <see cref="MaxPendingRequests"/>; 401 for missing or wrong basic auth; 413 above
/// <see cref="MaxContentLength"/> (after decompression); 500 when the body is not JSON.
/// Faults and stalls can be injected per request; it counts everything it sees.
/// </summary>
public sealed class LogstashContractServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _pending;
    private long _requests;

    private LogstashContractServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int MaxPendingRequests { get; set; } = 200;
    public long MaxContentLength { get; set; } = 100L * 1024 * 1024;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Decides a fault for the n-th request (1-based).</summary>
    public Func<long, Fault>? Faults { get; set; }

    /// <summary>How long each accepted request is held before it is answered.</summary>
    public TimeSpan Stall { get; set; }

    /// <summary>When set, every request is held until this task completes (a stalled pipeline).</summary>
    public Task? HoldUntil { get; set; }

    /// <summary>Requests being held by <see cref="HoldUntil"/> right now.</summary>
    public int Held => Volatile.Read(ref _held);
    private int _held;

    /// <summary>
    /// Record every EventId (tests). Off, events are only counted, with a streaming reader,
    /// so that a benchmark measures the client rather than this server.
    /// </summary>
    public bool TrackEventIds { get; set; } = true;

    /// <summary>Called for each accepted request with its number of events, before the answer (tests move a clock with it).</summary>
    public Action<long>? OnAccepted { get; set; }

    /// <summary>Each EventId received, with how often it arrived.</summary>
    public ConcurrentDictionary<string, int> EventIds { get; } = new();

    public long EventsReceived => Interlocked.Read(ref _eventsReceived);
    private long _eventsReceived;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Answers given, by status (0 for a dropped connection).</summary>
    public ConcurrentDictionary<int, int> Answers { get; } = new();

    public ConcurrentBag<string> ContentEncodings { get; } = [];

    /// <summary>Requests currently being handled, and the most seen at once.</summary>
    public int MaxConcurrent { get; private set; }

    public static async Task<LogstashContractServer> StartAsync(X509Certificate2? certificate = null)
    {
        var app = LoopbackKestrel.Create(certificate);
        var server = new LogstashContractServer(app);
        app.Run(server.HandleAsync);
        server.Url = new Uri(await LoopbackKestrel.StartAsync(app), "/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        long number = Interlocked.Increment(ref _requests);
        int pending = Interlocked.Increment(ref _pending);
        lock (this) MaxConcurrent = Math.Max(MaxConcurrent, pending);
        try
        {
            if (pending > MaxPendingRequests)
            {
                await Answer(context, 429, "");
                return;
            }

            switch (Faults?.Invoke(number) ?? Fault.None)
            {
                case Fault.TooManyRequests: await Answer(context, 429, ""); return;
                case Fault.TooManyRequestsAndClose:
                    context.Response.Headers.Connection = "close";
                    await Answer(context, 429, "");
                    return;
                case Fault.ServiceUnavailable: await Answer(context, 503, "Service Unavailable"); return;
                case Fault.InternalError: await Answer(context, 500, "Internal Server Error"); return;
                case Fault.Drop:
                    Answers.AddOrUpdate(0, 1, (_, n) => n + 1);
                    context.Abort();
                    return;
            }

            if (Stall > TimeSpan.Zero) await Task.Delay(Stall, context.RequestAborted);
            if (HoldUntil is { } hold)
            {
                Interlocked.Increment(ref _held);
                try
                {
                    await hold.WaitAsync(context.RequestAborted);
                }
                finally
                {
                    Interlocked.Decrement(ref _held);
                }
            }

            if (Username is not null && context.Request.Headers.Authorization.ToString() !=
                "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")))
            {
                await Answer(context, 401, "");
                return;
            }

            var encoding = context.Request.Headers.ContentEncoding.ToString();
            ContentEncodings.Add(encoding);
            Stream body = encoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
            // Pooled, so that the server's own garbage does not slow the client it measures.
            byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(context.Request.ContentLength ?? 64 * 1024, 64L * 1024 * 1024) + 1);
            try
            {
                int length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int read = await body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                    if (read == 0) break;
                    length += read;
                }

                if (length > MaxContentLength)
                {
                    await Answer(context, 413, "Payload Too Large");
                    return;
                }

                List<string?> ids = [];
                long count;
                try
                {
                    count = TrackEventIds ? ReadEventIds(buffer.AsMemory(0, length), ids) : CountEvents(buffer.AsSpan(0, length));
                }
                catch (JsonException e)
                {
                    await Answer(context, 500, $"JSON parse error: {e.Message}");
                    return;
                }

                foreach (var id in ids)
                    if (id is not null) EventIds.AddOrUpdate(id, 1, (_, n) => n + 1);
                Interlocked.Add(ref _eventsReceived, count);
                OnAccepted?.Invoke(count);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await Answer(context, 200, "ok");
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>A JSON array is one event per element, anything else one event (the json codec).</summary>
    private static long ReadEventIds(ReadOnlyMemory<byte> json, List<string?> ids)
    {
        using var document = JsonDocument.Parse(json);
        var events = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().ToList()
            : [document.RootElement];
        ids.AddRange(events.Select(e => e.TryGetProperty("EventId", out var id) ? id.GetString() : null));
        return events.Count;
    }

    private static long CountEvents(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read()) throw new JsonException("empty body");
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 1;
        }

        long count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }

        return count;
    }

    private async Task Answer(HttpContext context, int status, string body)
    {
        Answers.AddOrUpdate(status, 1, (_, n) => n + 1);
        context.Response.StatusCode = status;
        if (body.Length > 0) await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
