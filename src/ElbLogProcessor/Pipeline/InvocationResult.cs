using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>How one invocation ended: the response (the summary, or an SQS batch answer), or the error's context.</summary>
/// <param name="Succeeded">The invocation answers with <paramref name="Response"/>; otherwise with an error.</param>
/// <param name="Response">The summary JSON; for an SQS batch, <c>{"batchItemFailures":[...],"summary":{...}}</c>.</param>
/// <param name="ErrorType">Why it failed, as the error's type.</param>
/// <param name="ErrorMessage">Why it failed, in words.</param>
/// <param name="BatchItemFailures">For an SQS batch, the messages to retry (empty: all done).</param>
internal sealed record InvocationResult(bool Succeeded, string Response, string? ErrorType = null, string? ErrorMessage = null,
    IReadOnlyList<string>? BatchItemFailures = null)
{
    /// <summary>The counts behind <see cref="SummaryJson"/> (a host adding up several invocations: replay).</summary>
    public RunSummary? Summary { get; init; }

    /// <summary>The summary JSON, also inside a batch answer.</summary>
    public string SummaryJson => Response.StartsWith("{\"batchItemFailures\"", StringComparison.Ordinal)
        ? System.Text.Json.JsonDocument.Parse(Response).RootElement.GetProperty("summary").GetRawText()
        : Response;
}
