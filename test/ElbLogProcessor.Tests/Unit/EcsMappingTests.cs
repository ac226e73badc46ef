using System.Text.RegularExpressions;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>docs/ecs-mapping.md has one row per AWS field of every log kind, with both schemas' names, and every ECS name it gives is declared.</summary>
[Trait("Category", Category.Unit)]
public partial class EcsMappingTests
{
    private static readonly Dictionary<string, LogLayout> Sections = new()
    {
        ["Classic"] = LogLayouts.Classic,
        ["ALB access"] = LogLayouts.Application,
        ["NLB"] = LogLayouts.Network,
        ["ALB connection"] = LogLayouts.Connection,
        ["ALB health check"] = LogLayouts.HealthCheck,
    };

    private static readonly string Mapping = File.ReadAllText(RepositoryFiles.Path("docs/ecs-mapping.md"));

    /// <summary>The rows of a log kind's table (one per AWS field): AWS field, `elb` schema, `ecs` schema, how.</summary>
    private static List<string[]> Rows(string section) => Markdown.Table(Markdown.Section(Mapping, section), "AWS field");

    [Fact]
    public void Every_field_of_every_log_kind_has_its_row_with_both_schemas()
    {
        foreach (var (section, layout) in Sections)
        {
            var rows = Rows(section);
            Assert.Equal(layout.Fields.Length, rows.Count);
            foreach (var field in layout.Fields.Where(f => f.Name.Length > 0))
                Assert.Contains(rows, r => Regex.IsMatch(r[1], $@"\b{field.Name}\b"));
            Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r[2]), r[0]));
        }
    }

    [Fact]
    public void Every_ecs_name_the_mapping_gives_is_declared()
    {
        var declared = File.ReadLines(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "declared-fields.tsv"))
            .Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        var names = Sections.Keys.SelectMany(Rows).SelectMany(r => Name().Matches(r[2]))
            .Select(m => m.Groups[1].Value).Where(n => n.Contains('.') || n.StartsWith('@')).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(declared.Contains(n) || n.EndsWith(".*", StringComparison.Ordinal), n));
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Name();
}
