namespace ElbLogProcessor.Tests;

/// <summary>Tests that publish the function share its obj folder: they run one after the other.</summary>
[CollectionDefinition(nameof(PublishingCollection), DisableParallelization = true)]
public sealed class PublishingCollection;
