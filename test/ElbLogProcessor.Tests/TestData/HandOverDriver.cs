using System.Text.Json;
using ElbLogProcessor.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Drives a chain of invocations as Lambda and SQS would: the first event, then each
/// continuation message the previous invocation sent, until none is left. Time is explicit:
/// it passes only when the test says (for example one second per batch Logstash accepts), never
/// because the code under test looked at the clock.
/// </summary>
internal sealed class HandOverDriver : IHandOverQueue
{
    private readonly Queue<string> _messages = new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UnixEpoch);

    public IReadOnlyList<string> Sent => [.. _sentLog];
    private readonly List<string> _sentLog = [];

    Task IHandOverQueue.SendAsync(string message, CancellationToken cancellationToken)
    {
        lock (_messages)
        {
            _messages.Enqueue(message);
            _sentLog.Add(message);
        }

        return Task.CompletedTask;
    }

    /// <param name="handler">Built with this driver as its continuation queue and <see cref="Clock"/> as its deadline clock.</param>
    /// <param name="firstEvent">The event of the first invocation.</param>
    /// <param name="secondsPerInvocation">Time each invocation has before its deadline margin (<paramref name="marginSeconds"/>).</param>
    /// <param name="marginSeconds">The handler's DEADLINE_MARGIN_SECONDS.</param>
    /// <param name="maxInvocations">More invocations than this is a hand-over loop: the test fails.</param>
    public async Task<List<InvocationResult>> RunToTheEndAsync(InvocationHandler handler, string firstEvent, int secondsPerInvocation,
        int marginSeconds = 30, int maxInvocations = 200)
    {
        var results = new List<InvocationResult>();
        string? next = firstEvent;
        while (next is not null)
        {
            var deadline = Clock.GetUtcNow().AddSeconds(marginSeconds + secondsPerInvocation);
            var result = await handler.HandleAsync(next, deadline, CancellationToken.None);
            Assert.True(result.Succeeded, $"{result.Error}: {result.ErrorMessage} {result.Summary.ToJson()}");
            results.Add(result);
            lock (_messages) next = _messages.TryDequeue(out var message) ? S3Events.SqsWrapped(message) : null;
            Assert.True(results.Count < maxInvocations, "the hand-overs never end");
        }

        return results;
    }

    public static JsonElement Summary(InvocationResult result) => JsonDocument.Parse(result.Summary.ToJson()).RootElement;
}
