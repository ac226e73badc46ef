namespace ElbLogProcessor.TestServers;

/// <summary>What the function posted back for one invocation (or for its init).</summary>
public sealed record RuntimeReply(string Kind, string Body, string? ContentType, string? ErrorType);
