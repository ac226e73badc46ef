using System.ComponentModel.DataAnnotations;
using Polly;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// Options of <see cref="GiveUpStrategy"/>: how many failed batches in a row end a run's patience. Validated by
/// Polly when the pipeline is built, as its own options are.
/// </summary>
internal sealed class GiveUpStrategyOptions : ResilienceStrategyOptions
{
    public GiveUpStrategyOptions() => Name = "GiveUp";

    [Range(1, int.MaxValue)]
    public int AfterFailuresInARow { get; init; }

    /// <summary>Which outcomes are a batch that failed (after every retry).</summary>
    [Required]
    public required Func<Outcome<HttpResponseMessage>, bool> IsFailure { get; init; }
}

/// <summary>Options of <see cref="GiveUpGate"/>: none but its name.</summary>
internal sealed class GiveUpGateOptions : ResilienceStrategyOptions
{
    public GiveUpGateOptions() => Name = "GiveUpGate";
}
