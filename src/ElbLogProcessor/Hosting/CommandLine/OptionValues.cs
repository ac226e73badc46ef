using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// Parsers for the typed options, so that a value that does not parse is one line naming the option,
/// the value and what it should be (<c>--from: '2026-13-01' is not a day (YYYY-MM-DD)</c>), instead of
/// System.CommandLine's message naming a .NET type.
/// </summary>
internal static class OptionValues
{
    /// <summary>A UTC day, <c>YYYY-MM-DD</c>.</summary>
    public static Option<DateOnly?> Day(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "YYYY-MM-DD",
        CustomParser = r => Single(r) is not { } text ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
            : Error<DateOnly?>(r, $"{name}: '{text}' is not a day (YYYY-MM-DD)"),
    };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> WholeNumber(string name, string description, int min, int max, Func<int> defaultValue, string? helpName = null) => new(name)
    {
        Description = description,
        HelpName = helpName ?? "N",
        DefaultValueFactory = _ => defaultValue(),
        CustomParser = r => Single(r) is not { } text ? defaultValue()
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n
            : Error<int>(r, $"{name}: '{text}' is not a whole number from {min:N0} to {max:N0}"),
    };

    /// <summary>A number of seconds (decimals allowed) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<double> Seconds(string name, string description, double min, double max, double defaultValue) => new(name)
    {
        Description = description,
        HelpName = "SECONDS",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Single(r) is not { } text ? defaultValue
            : double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s) && s >= min && s <= max ? s
            : Error<double>(r, $"{name}: '{text}' is not a number of seconds from {min} to {max} (such as 5 or 0.5)"),
    };

    private static string? Single(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : null;

    private static T Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
