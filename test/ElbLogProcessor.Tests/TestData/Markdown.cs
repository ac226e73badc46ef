using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>The parts of a markdown document the docs tests read: sections, fenced shell blocks, tables, commands.</summary>
internal static partial class Markdown
{
    /// <summary>The text of the section under <c>## <paramref name="heading"/></c>, to the next heading of that level or above.</summary>
    public static string Section(string document, string heading)
    {
        var lines = document.Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimEnd() == $"## {heading}");
        if (start < 0) throw new InvalidOperationException($"no section '## {heading}'");
        int end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal) || l.StartsWith("# ", StringComparison.Ordinal));
        return string.Join('\n', lines[(start + 1)..(end < 0 ? lines.Length : end)]);
    }

    /// <summary>The lines of every <c>```sh</c> block, continuations (a trailing backslash) joined, comments and blank lines left out.</summary>
    public static List<string> ShellCommands(string text)
    {
        var commands = new List<string>();
        bool inBlock = false;
        var pending = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock && line.TrimStart() == "```sh";
                continue;
            }

            if (!inBlock) continue;
            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            pending.Append(line);
            var command = StripComment(pending.ToString()).Trim();
            pending.Clear();
            if (command.Length > 0) commands.Add(command);
        }

        return commands;
    }

    /// <summary>A command line split as a POSIX shell splits words: single and double quotes, backslash escapes.</summary>
    public static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        for (int i = 0; i < command.Length; i++)
        {
            char c = command[i];
            if (quote == '\'')
            {
                if (c == '\'') quote = '\0';
                else word.Append(c);
            }
            else if (quote == '"')
            {
                if (c == '"') quote = '\0';
                else if (c == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$') word.Append(command[++i]);
                else word.Append(c);
            }
            else if (c is ' ' or '\t')
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                inWord = true;
                if (c is '\'' or '"') quote = c;
                else if (c == '\\' && i + 1 < command.Length) word.Append(command[++i]);
                else word.Append(c);
            }
        }

        if (quote != '\0') throw new FormatException($"unclosed {quote} in: {command}");
        if (inWord) words.Add(word.ToString());
        return words;
    }

    /// <summary>The rows of the first table in <paramref name="text"/> whose header row starts with <paramref name="firstHeader"/>: cells trimmed, header and rule left out.</summary>
    public static List<string[]> Table(string text, string firstHeader)
    {
        var rows = new List<string[]>();
        bool inTable = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('|'))
            {
                if (inTable) break;
                continue;
            }

            var cells = Cells(line);
            if (!inTable)
            {
                if (cells[0] == firstHeader) inTable = true;
                continue;
            }

            if (cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':'))) continue;
            rows.Add(cells);
        }

        if (!inTable) throw new InvalidOperationException($"no table whose first column is '{firstHeader}'");
        return rows;
    }

    /// <summary>The header row of the first table in <paramref name="text"/> whose header starts with <paramref name="firstHeader"/>.</summary>
    public static string[] Header(string text, string firstHeader) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('|')).Select(Cells).First(cells => cells[0] == firstHeader);

    /// <summary>The numbers written in <paramref name="text"/> (<c>1,402</c>, <c>2.16</c>, <c>0.0000133334</c>), as written.</summary>
    public static IEnumerable<string> Numbers(string text) => Number().Matches(text).Select(m => m.Value);

    /// <summary>A number as written in the docs (thousands separated by commas) parsed.</summary>
    public static double Parse(string number) => double.Parse(number.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string[] Cells(string line)
    {
        // Split on | that is not escaped (\|) and not inside `code`.
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool code = false;
        for (int i = 1; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '`') code = !code;
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == '|')
            {
                cell.Append('|');
                i++;
                continue;
            }

            if (c == '|' && !code)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
                continue;
            }

            cell.Append(c);
        }

        return [.. cells];
    }

    private static string StripComment(string line)
    {
        // A # that starts a word, outside quotes, starts a comment.
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] is ' ' or '\t'))
            {
                return line[..i];
            }
        }

        return line;
    }

    // Digits with optional thousands groups and decimals, not part of a word (a version, a hash, a name).
    [GeneratedRegex(@"(?<![\w.,/-])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]|\.\d)|(?<![\w.,/-])\d+(?:\.\d+)?(?![\w,]|\.\d)")]
    private static partial Regex Number();
}
