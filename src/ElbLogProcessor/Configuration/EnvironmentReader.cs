using System.Globalization;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Configuration;

/// <summary>
/// Reads environment variables as typed values. A value that does not parse is a
/// <see cref="ConfigurationException"/> naming the variable and quoting the value (never for
/// a secret). Hand-written: Microsoft.Extensions.Options' generated validators ignore display
/// names and custom range messages, so their errors cannot name the variable.
/// </summary>
internal sealed class EnvironmentReader(Func<string, string?> getVariable)
{
    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? Text(string name) => getVariable(name) is { } value && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    public int Int(IntSetting setting)
    {
        var text = Text(setting.Variable);
        if (text is null) return setting.Default;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)) throw setting.OutOfRange(text);
        return setting.Check(value);
    }

    public bool Bool(string name, bool defaultValue) => Text(name)?.ToLowerInvariant() switch
    {
        null => defaultValue,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        var other => throw new ConfigurationException(name, $"'{other}' is not true or false"),
    };

    /// <summary>An absolute http:// or https:// URL. The value is not quoted in errors: it may carry credentials.</summary>
    public Uri? HttpUrl(string name)
    {
        var text = Text(name);
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ConfigurationException(name, "must be an absolute http:// or https:// URL");
        return url;
    }
}
