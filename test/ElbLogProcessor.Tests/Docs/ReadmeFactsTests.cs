using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using ElbLogProcessor.Configuration;

namespace ElbLogProcessor.Tests;

/// <summary>
/// What the README states that the code or docs/performance.md decide: its length, the command list of
/// <c>--help</c>, the configuration table (every variable the function reads, with its default and range),
/// and its performance figures (each one in docs/performance.md, beside the command that measured it).
/// </summary>
[Trait("Category", Category.Docs)]
public partial class ReadmeFactsTests
{
    private static string Readme => RepositoryFiles.ReadText("README.md");

    [Fact]
    public void The_readme_is_a_guide_of_at_most_400_lines()
    {
        int lines = Readme.TrimEnd('\n').Split('\n').Length;
        Assert.True(lines <= 400, $"README.md has {lines} lines: the detail belongs in docs/");
    }

    [Fact]
    public async Task The_command_table_is_the_command_list_of_help()
    {
        var help = await Executable.RunAsync(new Dictionary<string, string>(), "--help");
        Assert.Equal(0, help.ExitCode);
        var commands = help.Stdout.Split('\n').SkipWhile(l => l.Trim() != "Commands:").Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split("  ")[0].Trim())
            .ToList();
        var table = Markdown.Table(Markdown.Section(Readme, "Run it"), "command")
            .Select(row => row[0].Trim('`'))
            .ToList();

        Assert.NotEmpty(commands);
        Assert.Equal(commands.Order(), table.Order());
    }

    [Fact]
    public void The_configuration_table_names_every_variable_the_function_reads()
    {
        var read = new SortedSet<string>();
        string? Record(string name, string? value)
        {
            read.Add(name);
            return value;
        }

        // Once bare, once with Logstash and its secrets configured: some settings are read only then.
        FunctionOptions.Load(name => Record(name, null));
        FunctionOptions.Load(name => Record(name, name switch
        {
            "LOGSTASH_URL" => "https://logstash.example:8080/",
            "LOGSTASH_USERNAME" => "user",
            "LOGSTASH_PASSWORD_PARAMETER" => "elb/password",
            _ => null,
        }));
        read.ExceptWith(["AWS_LAMBDA_RUNTIME_API", "AWS_LAMBDA_FUNCTION_NAME"]);   // set by Lambda, not by a person

        var documented = ConfigurationRows().SelectMany(row => VariableName().Matches(row[0]).Select(m => m.Groups[1].Value)).ToHashSet();

        var missing = read.Where(v => !documented.Contains(v)).ToList();
        Assert.True(missing.Count == 0, $"read by the function but not in the README's Configuration table: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_configuration_table_gives_each_number_settings_default_and_range()
    {
        var settings = typeof(IntSetting).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(IntSetting))
            .Select(f => (IntSetting)f.GetValue(null)!)
            .ToList();
        var rows = ConfigurationRows().ToDictionary(row => row[0].Trim('`'));

        Assert.NotEmpty(settings);
        foreach (var setting in settings)
        {
            Assert.True(rows.TryGetValue(setting.Variable, out var row), $"{setting.Variable} has no row of its own");
            Assert.Equal(setting.Default.ToString(CultureInfo.InvariantCulture), row![1]);
            Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"{setting.Min:N0} to {setting.Max:N0}"), row[3]);
        }
    }

    [Fact]
    public void Every_performance_figure_is_in_performance_md_with_its_command()
    {
        var section = Markdown.Section(Readme, "Performance and cost");
        var performance = RepositoryFiles.ReadText("docs/performance.md".Split('/'));
        var known = Markdown.Numbers(performance).ToHashSet();

        var figures = Markdown.Numbers(section).Distinct().ToList();
        Assert.True(figures.Count > 30, $"only {figures.Count} figures in Performance and cost");
        var unexplained = figures.Where(f => !known.Contains(f)).ToList();
        Assert.True(unexplained.Count == 0, $"in the README's Performance and cost but not in docs/performance.md: {string.Join(", ", unexplained)}");
        foreach (Match command in BenchmarkCommand().Matches(section))
            Assert.Contains(command.Value, performance);
    }

    private static IEnumerable<string[]> ConfigurationRows() => Markdown.Table(Markdown.Section(Readme, "Configuration"), "variable");

    [GeneratedRegex(@"`([A-Z][A-Z0-9_]+)`")]
    private static partial Regex VariableName();

    [GeneratedRegex(@"dotnet run -c Release --project test/ElbLogProcessor\.Benchmarks -- [^`\n]+")]
    private static partial Regex BenchmarkCommand();
}
