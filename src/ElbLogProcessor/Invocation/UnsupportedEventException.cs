namespace ElbLogProcessor.Invocation;

/// <summary>The invocation event has a shape this function does not handle; the message says what is wrong with it.</summary>
internal sealed class UnsupportedEventException(string message) : Exception(message);
