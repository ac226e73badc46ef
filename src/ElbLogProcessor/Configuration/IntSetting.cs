using System.Globalization;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Configuration;

/// <summary>A whole-number option: the environment variable that sets it, its default and its allowed range.</summary>
/// <param name="Variable">The environment variable, e.g. <c>LOGSTASH_SENDERS</c>.</param>
/// <param name="Default">The value when the variable is not set.</param>
/// <param name="Min">The least value allowed.</param>
/// <param name="Max">The greatest value allowed.</param>
/// <param name="Why">Why the range is what it is, when that is not obvious; said in the error.</param>
internal readonly record struct IntSetting(string Variable, int Default, int Min, int Max, string? Why = null)
{
    /// <summary><paramref name="value"/> when it is in range; otherwise the error that names the variable.</summary>
    public int Check(int value) =>
        value >= Min && value <= Max ? value : throw OutOfRange(value.ToString(CultureInfo.InvariantCulture));

    public ConfigurationException OutOfRange(string text) =>
        new(Variable, $"'{text}' is not a whole number from {Min} to {Max}{(Why is null ? "" : $" ({Why})")}");
}
