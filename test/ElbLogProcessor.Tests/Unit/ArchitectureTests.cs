using ElbLogProcessor.LogKinds;
using NetArchTest.Rules;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Dependencies go one way, as docs/design.md draws them: each folder of src/ElbLogProcessor uses only the folders below it in
/// <see cref="Layers"/>, so no two folders depend on each other. Read from the compiled assembly (every type a type uses, in its
/// signatures and its code), by NetArchTest.
/// </summary>
[Trait("Category", Category.Unit)]
public class ArchitectureTests
{
    /// <summary>The folders, lowest first: the leaves, then the stages in the order they depend on each other, then the hosts.</summary>
    internal static readonly string[] Layers =
        ["Failures", "LogKinds", "Configuration", "Reading", "Invocation", "Parsing", "Events", "Summary", "Shipping", "Pipeline", "Backfill", "Replay", "Hosting"];

    private static readonly System.Reflection.Assembly Function = typeof(LogKind).Assembly;

    private static string Namespace(string layer) => $"ElbLogProcessor.{layer}";

    [Fact]
    public void Every_folder_uses_only_the_folders_below_it()
    {
        var backEdges = new List<string>();
        for (int i = 0; i < Layers.Length - 1; i++)
        {
            var above = Layers[(i + 1)..].Select(Namespace).ToArray();
            var result = Types.InAssembly(Function).That().ResideInNamespace(Namespace(Layers[i])).Should().NotHaveDependencyOnAny(above).GetResult();
            if (!result.IsSuccessful) backEdges.AddRange(result.FailingTypes.Select(t => $"{Layers[i]}: {t.FullName} uses {t.Explanation}"));
        }

        Assert.True(backEdges.Count == 0, "back edges:\n" + string.Join("\n", backEdges));
    }

    [Fact]
    public void Every_namespace_of_the_function_is_a_folder_of_the_layers()
    {
        var namespaces = Types.InAssembly(Function).GetTypes().Select(t => t.ReflectionType.Namespace ?? "")
            .Where(n => n.StartsWith("ElbLogProcessor", StringComparison.Ordinal) && n != "ElbLogProcessor").Distinct().ToList();
        Assert.All(namespaces, n => Assert.Contains(n.Split('.')[1], Layers));
        Assert.All(Layers, layer => Assert.Contains(namespaces, n => n.Split('.')[1] == layer));
    }

    [Fact]
    public void The_rule_sees_the_edges_that_are_allowed()
    {
        // The same search finds what the hosts use: a rule that could never fail would prove nothing.
        var hosting = Types.InAssembly(Function).That().ResideInNamespace(Namespace("Hosting")).Should()
            .NotHaveDependencyOnAny(Namespace("Pipeline"), Namespace("Shipping")).GetResult();
        Assert.False(hosting.IsSuccessful);
        Assert.Contains(hosting.FailingTypes, t => t.FullName == "ElbLogProcessor.Hosting.RunFactory");
    }
}
