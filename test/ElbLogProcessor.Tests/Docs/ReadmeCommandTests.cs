using System.Text.Json;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The README's "Run it" commands, run as written against the built executable (<c>dotnet run --project
/// src/ElbLogProcessor --</c> is that executable), with their real files and variables: a renamed sample, event
/// file, command or option fails here before a reader meets it. And every option the README and the runbooks
/// show for a command is one that command's <c>--help</c> lists.
/// </summary>
[Trait("Category", Category.Docs)]
public partial class ReadmeCommandTests
{
    private const string DotnetRun = "dotnet run --project src/ElbLogProcessor --";

    private static string Readme => RepositoryFiles.ReadText("README.md");

    private static List<string> RunItCommands() => Markdown.ShellCommands(Markdown.Section(Readme, "Run it"));

    public static TheoryData<string> Commands => [.. RunItCommands()];

    [Fact]
    public void Run_it_shows_process_and_the_local_invoke()
    {
        var commands = RunItCommands();
        Assert.Contains(commands, c => c.Contains($"{DotnetRun} process ", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Contains($"{DotnetRun} invoke ", StringComparison.Ordinal) && c.Contains("--local-root", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Each_command_of_run_it_runs_as_written(string command)
    {
        var (variables, arguments) = Parse(command);
        var run = await Executable.RunAsync(variables, [.. arguments]);

        Assert.True(run.ExitCode == 0, $"`{command}` exited with {run.ExitCode}:\n{run.Stderr}");
        var events = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(events);
        bool ecs = variables.GetValueOrDefault("EVENT_SCHEMA") == "ecs";
        foreach (var line in events)
        {
            using var document = JsonDocument.Parse(line);
            Assert.True(document.RootElement.TryGetProperty(ecs ? "event" : "EventId", out _), $"not an {(ecs ? "ECS" : "elb")} event: {line}");
        }

        var summary = Summary(run.Stderr);
        Assert.Equal(events.Length, summary.GetProperty("EventsSent").GetInt32());
        Assert.Equal(0, summary.GetProperty("SourcesFailed").GetInt32());
        Assert.Equal(0, summary.GetProperty("Malformed").GetInt32());
    }

    [Fact]
    public async Task The_event_count_the_readme_gives_is_what_the_first_command_writes()
    {
        var match = EventCount().Match(Markdown.Section(Readme, "Run it"));
        Assert.True(match.Success, "\"The first writes N events\" is not in Run it");
        var (variables, arguments) = Parse(RunItCommands()[0]);

        var run = await Executable.RunAsync(variables, [.. arguments]);

        Assert.Equal(int.Parse(match.Groups[1].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture),
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Every_option_the_docs_show_for_a_command_is_in_its_help()
    {
        var shown = new Dictionary<string, SortedSet<string>>();
        foreach (var file in (string[])["README.md", "docs/operations.md", "docs/deployment.md"])
        {
            foreach (Match use in CommandUse().Matches(RepositoryFiles.ReadText(file.Split('/'))))
            {
                var name = use.Groups["command"].Value;
                foreach (Match option in Option().Matches(use.Groups["rest"].Value))
                    (shown.TryGetValue(name, out var set) ? set : shown[name] = []).Add($"{option.Value} ({file})");
            }
        }

        Assert.Contains("backfill", shown.Keys);
        Assert.Contains("replay", shown.Keys);
        var missing = new List<string>();
        foreach (var (command, options) in shown)
        {
            var help = await Executable.RunAsync(new Dictionary<string, string>(), command, "--help");
            Assert.Equal(0, help.ExitCode);
            missing.AddRange(options.Where(o => !Regex.IsMatch(help.Stdout, $@"(^|[\s,]){Regex.Escape(o.Split(' ')[0])}\b", RegexOptions.Multiline))
                .Select(o => $"{command} {o}"));
        }

        Assert.Empty(missing);
    }

    /// <summary>
    /// <c>NAME=value ... dotnet run --project src/ElbLogProcessor -- args</c> as the variables and the executable's arguments;
    /// anything else in a "Run it" block is a command this test cannot run, and fails it.
    /// </summary>
    internal static (Dictionary<string, string> Variables, List<string> Arguments) Parse(string command)
    {
        var words = Markdown.Words(command);
        var variables = new Dictionary<string, string>();
        int i = 0;
        for (; i < words.Count && Assignment().Match(words[i]) is { Success: true } assignment; i++)
            variables[assignment.Groups[1].Value] = assignment.Groups[2].Value;
        var run = Markdown.Words(DotnetRun);
        Assert.True(words.Skip(i).Take(run.Count).SequenceEqual(run), $"not a `{DotnetRun}` command: {command}");
        var arguments = words.Skip(i + run.Count).ToList();
        Assert.DoesNotContain(arguments, a => a.Contains('$'));   // a variable the reader must set: not runnable as written
        return (variables, arguments);
    }

    private static JsonElement Summary(string stderr)
    {
        var line = stderr.Split('\n').LastOrDefault(l => l.StartsWith("{\"Message\":\"ElbLogProcessor summary\"", StringComparison.Ordinal));
        Assert.True(line is not null, $"no summary on stderr:\n{stderr}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    [GeneratedRegex(@"^([A-Z][A-Z0-9_]*)=(.*)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"The first writes (\d[\d,]*) events")]
    private static partial Regex EventCount();

    // A command of the executable as the docs show it (after `--`, `...`, `$run` or a backtick), to the end of its code span or line.
    [GeneratedRegex(@"(?:(?:--|\.\.\.|\$run) |`)(?<command>process|invoke|backfill|replay)\b(?<rest>[^`\n]*)")]
    private static partial Regex CommandUse();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z-]*[a-z]")]
    private static partial Regex Option();
}
