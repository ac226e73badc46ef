using System.Text.Json;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Every line of the pipeline test of Elastic's AWS integration (Ecs/Reference), through <c>process</c> with
/// <c>EVENT_SCHEMA=ecs</c>, gives the integration's expected document: every field it has, with the same
/// value and the same JSON type, but the enrichment it leaves to other processors (GeoIP, ASN, the parsed
/// user agent), which the function never sends.
/// </summary>
[Trait("Category", Category.Unit)]
public class EcsIntegrationReferenceTests
{
    private static string Reference(string name) => RepositoryFiles.Path("test", "ElbLogProcessor.Tests", "Ecs", "Reference", name);

    [Fact]
    public async Task Each_line_gives_the_integrations_expected_document()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Reference("test-alb.log-expected.json"))).RootElement.GetProperty("expected")
            .EnumerateArray().ToList();
        // The pipeline test runs with preserve_original_event, as ECS_PRESERVE_ORIGINAL=true does.
        var result = await CommandRunner.Run(new Variables(("EVENT_SCHEMA", "ecs"), ("ECS_PRESERVE_ORIGINAL", "true")), "process",
            Reference("test-alb.log"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected.Count, result.Events.Count);
        foreach (var (wanted, actual) in expected.Zip(result.Events))
        {
            var want = EcsEvents.Flatten(wanted);
            var have = EcsEvents.Flatten(actual);
            var differences = want.Where(p => !EcsEvents.IsEnrichment(p.Key))
                .Select(p => have.TryGetValue(p.Key, out var value) ? EcsEvents.Difference(p.Key, p.Value, value) : $"{p.Key}: missing")
                .OfType<string>().ToList();
            Assert.True(differences.Count == 0, string.Join("\n", differences));
            Assert.DoesNotContain(have.Keys, EcsEvents.IsEnrichment);
            Assert.Contains(want.Keys, EcsEvents.IsEnrichment);   // the comparison did leave something out: the enrichment
        }
    }
}
