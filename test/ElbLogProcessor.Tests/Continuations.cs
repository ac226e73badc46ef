using System.Text.Json;
using ElbLogProcessor.Pipeline;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Drives a chain of invocations as Lambda and SQS would: the first event, then each
/// continuation message the previous invocation sent, until none is left.
/// </summary>
internal static class Continuations
{
    /// <param name="processorFor">The processor of one invocation, given its clock and the continuation queue.</param>
    /// <param name="secondsPerInvocation">Time left after the 30 s margin; the clock moves a second per look, so about one batch a second.</param>
    public static async Task<List<InvocationResult>> RunToTheEndAsync(
        Func<TimeProvider, IContinuationQueue, InvocationProcessor> processorFor, string firstEvent, int secondsPerInvocation)
    {
        var messages = new Queue<string>();
        var queue = new Mock<IContinuationQueue>();
        queue.Setup(q => q.SendAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((message, _) => messages.Enqueue(message))
            .Returns(Task.CompletedTask);

        var results = new List<InvocationResult>();
        string? next = firstEvent;
        while (next is not null)
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
            var deadline = DateTimeOffset.UnixEpoch.AddSeconds(30 + secondsPerInvocation);
            var result = await processorFor(clock, queue.Object).HandleAsync(next, deadline, CancellationToken.None);
            Assert.True(result.Succeeded, $"{result.ErrorType}: {result.ErrorMessage} {result.SummaryJson}");
            results.Add(result);
            next = messages.TryDequeue(out var message) ? SqsWrapped(message) : null;
            Assert.True(results.Count < 200, "the hand-overs never end");
        }

        return results;
    }

    public static string SqsWrapped(string body) =>
        JsonSerializer.Serialize(new { Records = new[] { new { eventSource = "aws:sqs", body } } });
}
