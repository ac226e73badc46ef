namespace ElbLogProcessor.Configuration;

/// <summary>
/// A password or similar value. Its <see cref="ToString"/> never shows it, so logging an
/// options object (or an exception that formats one) cannot leak it.
/// </summary>
internal sealed class Secret(string value)
{
    /// <summary>The value itself, for the one place that must send it.</summary>
    public string Reveal() => value;

    public override string ToString() => "(secret)";
}
