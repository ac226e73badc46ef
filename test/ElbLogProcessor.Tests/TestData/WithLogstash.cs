namespace ElbLogProcessor.Tests;

/// <summary>
/// A test class whose every test gets a fresh Logstash contract server on loopback (xunit makes one instance of the
/// class per test, so faults and counts never leak between tests), and the variables that send the function's events to it.
/// </summary>
public abstract class WithLogstash : IAsyncLifetime
{
    /// <summary>The Logstash HTTP input of this test.</summary>
    private protected LogstashContractServer Logstash { get; private set; } = null!;

    /// <summary>LOGSTASH_URL of <see cref="Logstash"/>, with retries 10 ms apart (no test waits out production backoff), and <paramref name="more"/>.</summary>
    private protected Variables LogstashVariables(params (string Name, string Value)[] more) =>
        new Variables(("LOGSTASH_URL", Logstash.Url.ToString()), ("LOGSTASH_RETRY_BASE_DELAY_MS", "10")).With(more);

    /// <summary>The same as a dictionary (for the tests that start the executable or a host with their own environment).</summary>
    private protected Dictionary<string, string> LogstashEnvironment(params (string Name, string Value)[] more) =>
        new[] { ("LOGSTASH_URL", Logstash.Url.ToString()), ("LOGSTASH_RETRY_BASE_DELAY_MS", "10") }.Concat(more).ToDictionary(v => v.Item1, v => v.Item2);

    public virtual async Task InitializeAsync() => Logstash = await LogstashContractServer.StartAsync();

    public virtual async Task DisposeAsync() => await Logstash.DisposeAsync();
}
