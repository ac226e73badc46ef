using System.IO.Enumeration;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// Which objects a backfill sends, by file name (the key after its last <c>/</c>): those matching any
/// <c>--include</c> pattern (all when there is none) and no <c>--exclude</c> pattern. Patterns are
/// globs: <c>*</c> any run of characters, <c>?</c> one (for example <c>conn_log_*</c>, <c>*.log.gz</c>).
/// </summary>
internal sealed class NameFilter(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
{
    /// <summary>The filter that skips <paramref name="key"/> (<c>--include 'conn_log_*'</c>, <c>--exclude '*.json'</c>), or null when it is sent.</summary>
    public string? SkippedBy(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (include.Count > 0 && !include.Any(p => FileSystemName.MatchesSimpleExpression(p, name, ignoreCase: false)))
            return "--include " + string.Join(", ", include.Select(p => $"'{p}'"));
        return exclude.FirstOrDefault(p => FileSystemName.MatchesSimpleExpression(p, name, ignoreCase: false)) is { } pattern
            ? $"--exclude '{pattern}'"
            : null;
    }
}
