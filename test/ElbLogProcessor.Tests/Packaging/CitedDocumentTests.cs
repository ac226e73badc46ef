using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>Every document a comment in the code cites is in the repository.</summary>
[Trait("Category", Category.Packaging)]
public partial class CitedDocumentTests
{
    [Fact]
    public void Every_cited_markdown_file_exists()
    {
        var sources = Directory.GetFiles(RepositoryFiles.Path("src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepositoryFiles.Path("test"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var cited = new List<string>();
        var missing = new List<string>();
        foreach (var file in sources)
        {
            foreach (Match m in CitedDocument().Matches(File.ReadAllText(file)))
            {
                var document = m.Groups[1].Value;
                cited.Add(document);
                var fromRoot = RepositoryFiles.Path(document.Split('/'));
                var fromFile = Path.Combine(Path.GetDirectoryName(file)!, document);
                if (!File.Exists(fromRoot) && !File.Exists(fromFile)) missing.Add($"{Path.GetRelativePath(RepositoryFiles.Root, file)} cites {document}");
            }
        }

        Assert.NotEmpty(cited);
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"\b([\w./-]+\.md)\b")]
    private static partial Regex CitedDocument();
}
