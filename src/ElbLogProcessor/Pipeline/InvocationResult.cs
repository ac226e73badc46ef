using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>How one invocation ended: the response (the summary, or an SQS batch answer), or the error.</summary>
/// <param name="Succeeded">The invocation answers with <paramref name="Response"/>; otherwise with an error.</param>
/// <param name="Response">The summary JSON; for an SQS batch, <c>{"batchItemFailures":[...],"summary":{...}}</c>.</param>
/// <param name="Summary">The counts behind the summary (a host adding up several invocations: replay).</param>
/// <param name="Error">Why it failed.</param>
/// <param name="ErrorMessage">Why it failed, in words.</param>
/// <param name="BatchItemFailures">For an SQS batch, the messages to retry (empty: all done).</param>
internal sealed record InvocationResult(bool Succeeded, string Response, RunSummary Summary, InvocationError? Error = null, string? ErrorMessage = null,
    IReadOnlyList<string>? BatchItemFailures = null);
