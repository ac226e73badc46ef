namespace ElbLogProcessor.Pipeline;

/// <summary>How one invocation ended: the summary is the response, or the error's context.</summary>
internal sealed record InvocationResult(bool Succeeded, string SummaryJson, string? ErrorType = null, string? ErrorMessage = null);
