using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ElbLogProcessor.TestServers;

/// <summary>
/// A Kestrel server on 127.0.0.1 that speaks the Lambda Runtime API (2018-06-01) as Lambda
/// does: <c>GET /runtime/invocation/next</c> blocks until an invocation is queued and hands it
/// out with its headers; <c>/response</c>, <c>/error</c> and <c>/runtime/init/error</c> answer
/// 202 and are recorded.
/// </summary>
public sealed class LambdaRuntimeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(string RequestId, string Body, DateTimeOffset Deadline, string TraceId)> _queue =
        Channel.CreateUnbounded<(string, string, DateTimeOffset, string)>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeReply>> _replies = new();

    private LambdaRuntimeApiServer(WebApplication app) => _app = app;

    /// <summary>host:port, the value of <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string Address { get; private set; } = "";

    public string FunctionArn { get; set; } = "arn:aws:lambda:us-east-1:123456789012:function:elb-log-processor";

    /// <summary>The init error, once posted.</summary>
    public TaskCompletionSource<RuntimeReply> InitError { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int NextCalls => _nextCalls;
    private int _nextCalls;

    /// <summary>When the first <c>next</c> arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), for start-up measurements.</summary>
    public TaskCompletionSource<long> FirstNext { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<LambdaRuntimeApiServer> StartAsync()
    {
        var app = LoopbackKestrel.Create();
        var server = new LambdaRuntimeApiServer(app);
        app.MapGet("/2018-06-01/runtime/invocation/next", server.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpContext c) => server.RecordAsync(id, "response", c));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpContext c) => server.RecordAsync(id, "error", c));
        app.MapPost("/2018-06-01/runtime/init/error", (Func<HttpContext, Task<IResult>>)server.RecordInitErrorAsync);
        server.Address = (await LoopbackKestrel.StartAsync(app)).Authority;
        return server;
    }

    /// <summary>Queues an invocation; the task completes with what the function posted back for it.</summary>
    public Task<RuntimeReply> InvokeAsync(string eventJson, DateTimeOffset deadline, string? requestId = null, string? traceId = null)
    {
        requestId ??= Guid.NewGuid().ToString();
        var reply = _replies.GetOrAdd(requestId, _ => new TaskCompletionSource<RuntimeReply>(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite((requestId, eventJson, deadline, traceId ?? $"Root=1-{Guid.NewGuid():N}"));
        return reply.Task;
    }

    private async Task NextAsync(HttpContext context)
    {
        FirstNext.TrySetResult(System.Diagnostics.Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _nextCalls);
        var (requestId, body, deadline, traceId) = await _queue.Reader.ReadAsync(context.RequestAborted);
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = requestId;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = FunctionArn;
        context.Response.Headers["Lambda-Runtime-Trace-Id"] = traceId;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private async Task<IResult> RecordAsync(string id, string kind, HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        if (!_replies.TryGetValue(id, out var reply)) return Results.NotFound();
        reply.TrySetResult(new RuntimeReply(kind, body, context.Request.ContentType,
            context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault()));
        return Results.StatusCode(202);
    }

    private async Task<IResult> RecordInitErrorAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        InitError.TrySetResult(new RuntimeReply("init-error", body, context.Request.ContentType,
            context.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault()));
        return Results.StatusCode(202);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
