namespace ElbLogProcessor.Tests;

/// <summary>An expected JSON number, by its exact text.</summary>
internal readonly record struct Num(string Text);
