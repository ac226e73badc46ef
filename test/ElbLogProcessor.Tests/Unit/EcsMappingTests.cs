using System.Text.RegularExpressions;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Tests;

/// <summary>
/// docs/ecs-mapping.md has one row per declared field of every log kind, in declaration order: its AWS name, its
/// `elb` name and exactly the ECS fields the declaration names; and every ECS name it gives is declared.
/// </summary>
[Trait("Category", Category.Unit)]
public partial class EcsMappingTests
{
    private static readonly Dictionary<string, LogKind> Sections = new()
    {
        ["Classic"] = ClassicAccessLog.Kind,
        ["ALB access"] = AlbAccessLog.Kind,
        ["NLB"] = NlbAccessLog.Kind,
        ["ALB connection"] = AlbConnectionLog.Kind,
        ["ALB health check"] = AlbHealthCheckLog.Kind,
    };

    private static readonly string Mapping = File.ReadAllText(RepositoryFiles.Path("docs/ecs-mapping.md"));

    /// <summary>The rows of a log kind's table (one per AWS field): AWS field, `elb` schema, `ecs` schema, how.</summary>
    private static List<string[]> Rows(string section) => Markdown.Table(Markdown.Section(Mapping, section), "AWS field");

    [Fact]
    public void Every_section_is_a_log_kind_and_every_kind_has_one() => Assert.Equal(LogKind.All.ToHashSet(), Sections.Values.ToHashSet());

    [Fact]
    public void Every_declared_field_has_its_row_in_order_with_its_names_in_both_schemas()
    {
        foreach (var (section, kind) in Sections)
        {
            var rows = Rows(section);
            Assert.Equal(kind.Fields.Length, rows.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                var declared = kind.Fields[i];
                var (aws, elb, ecs) = (rows[i][0], rows[i][1], rows[i][2]);
                Assert.True(Names(aws).First().Trim('"') == declared.Name, $"{section} row {i + 1}: '{aws}' is not {declared.Name}");
                Assert.True(declared.Elb is null || Regex.IsMatch(elb, $@"\b{declared.Elb}\b"), $"{section} {declared.Name}: '{elb}' lacks {declared.Elb}");
                Assert.True(Names(ecs).ToHashSet().SetEquals(declared.Ecs),
                    $"{section} {declared.Name}: the row says {string.Join(", ", Names(ecs))}, the declaration {string.Join(", ", declared.Ecs)}");
            }
        }
    }

    [Fact]
    public void Every_ecs_name_the_mapping_gives_is_declared()
    {
        var declared = File.ReadLines(RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "declared-fields.tsv"))
            .Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToHashSet(StringComparer.Ordinal);
        var names = Sections.Keys.SelectMany(Rows).SelectMany(r => Names(r[2])).Where(n => n.Contains('.') || n.StartsWith('@')).ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(declared.Contains(n) || EcsDeclaredFieldsTests.DeclaredByLogKinds.ContainsKey(n) ||
                                           n.EndsWith(".*", StringComparison.Ordinal), n));
    }

    /// <summary>The names a cell gives in backquotes, in order.</summary>
    private static IEnumerable<string> Names(string cell) => Name().Matches(cell).Select(m => m.Groups[1].Value);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Name();
}
