namespace ElbLogProcessor.Hosting.Lambda;

/// <summary>One invocation as the Runtime API hands it out: its id, deadline, trace header and event.</summary>
internal sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, string? FunctionArn, string? TraceId, string Event);
