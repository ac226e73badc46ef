using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>docs/design.md is the code's map: its folder table names every folder of the function, and its dependency rule is the one the architecture test enforces.</summary>
[Trait("Category", Category.Docs)]
public partial class DesignDocumentTests
{
    private static readonly string Design = File.ReadAllText(RepositoryFiles.Path("docs/design.md"));

    [Fact]
    public void The_folder_table_names_every_folder_of_the_function_once()
    {
        var rows = Markdown.Table(Markdown.Section(Design, "Folders of `src/ElbLogProcessor/`, in the order a line goes through them"), "stage");
        var named = rows.SelectMany(r => Folder().Matches(r[1]).Select(m => m.Groups[1].Value)).ToList();
        var folders = Directory.GetDirectories(RepositoryFiles.Path("src", "ElbLogProcessor"))
            .Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        Assert.Equal(folders.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_dependency_rule_is_the_architecture_tests_list_of_layers()
    {
        var section = Markdown.Section(Design, "Dependencies");
        var listed = Layer().Match(section).Groups[1].Value;
        Assert.Equal(ArchitectureTests.Layers, Regex.Matches(listed, "`([A-Za-z]+)`").Select(m => m.Groups[1].Value));
    }

    [GeneratedRegex("`([A-Za-z]+)/`")]
    private static partial Regex Folder();

    /// <summary>The paragraph of backquoted folder names after the rule's sentence.</summary>
    [GeneratedRegex(@"\n\n((?:`[A-Za-z]+`,?\s*)+)\n\n")]
    private static partial Regex Layer();
}
