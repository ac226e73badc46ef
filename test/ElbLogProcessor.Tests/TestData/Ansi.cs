using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>Terminal output as a person reads it: Spectre.Console's colours and cursor moves taken out.</summary>
internal static partial class Ansi
{
    public static string Strip(string text) => Escape().Replace(text, "");

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Escape();
}
