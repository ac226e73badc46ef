using System.IO.Enumeration;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// Which objects a backfill sends, by file name (the key after its last <c>/</c>): those matching any
/// <c>--include</c> pattern (all when there is none) and no <c>--exclude</c> pattern. Patterns are
/// globs: <c>*</c> any run of characters, <c>?</c> one (for example <c>conn_log_*</c>, <c>*.log.gz</c>).
/// </summary>
internal sealed class NameFilter(IReadOnlyList<string> include, IReadOnlyList<string> exclude)
{
    public static NameFilter All { get; } = new([], []);

    public bool Matches(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        return (include.Count == 0 || include.Any(p => FileSystemName.MatchesSimpleExpression(p, name, ignoreCase: false))) &&
               !exclude.Any(p => FileSystemName.MatchesSimpleExpression(p, name, ignoreCase: false));
    }
}
