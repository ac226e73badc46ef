namespace ElbLogProcessor.Tests;

/// <summary>What a test expects of one line.</summary>
public enum Outcome
{
    Blank,
    Classic,
    Application,
    Network,
    Connection,
    HealthCheck,
    Malformed,
}
