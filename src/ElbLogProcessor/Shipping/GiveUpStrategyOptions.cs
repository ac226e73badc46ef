using Polly;

namespace ElbLogProcessor.Shipping;

/// <summary>Options of <see cref="GiveUpStrategy"/>: how many failed batches in a row end the run's patience.</summary>
internal sealed class GiveUpStrategyOptions : ResilienceStrategyOptions
{
    public int AfterFailuresInARow { get; init; }

    /// <summary>Which outcomes are a batch that failed (after every retry).</summary>
    public required Func<Outcome<HttpResponseMessage>, bool> IsFailure { get; init; }
}
