namespace ElbLogProcessor.Failures;

/// <summary>
/// Something a person can fix is missing or wrong in the configuration or the environment
/// (a variable, the AWS Region or credentials, a parameter, a certificate file). The message
/// is one line that names it; it never carries a secret.
/// </summary>
internal sealed class ConfigurationException(string variable, string problem, Exception? inner = null)
    : Exception($"{variable}: {problem}", inner)
{
    /// <summary>The variable (or setting) to fix, e.g. <c>LOGSTASH_SENDERS</c>.</summary>
    public string Variable { get; } = variable;
}
