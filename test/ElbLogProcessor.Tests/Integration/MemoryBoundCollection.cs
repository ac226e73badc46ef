namespace ElbLogProcessor.Tests;

/// <summary>Memory is measured process-wide, so this runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(MemoryBoundTests), DisableParallelization = true)]
public sealed class MemoryBoundCollection;
