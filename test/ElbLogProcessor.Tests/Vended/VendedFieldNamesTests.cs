using System.IO.Compression;
using System.Text.Json;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The declared field names are AWS's: the mandatory record fields of each ELB log type in AWS's published
/// log-delivery templates, as the npm package <c>@aws-cdk/aws-service-spec</c> ships them (<c>db.json.gz</c>, resource
/// <c>AWS::ElasticLoadBalancingV2::LoadBalancer</c>, <c>vendedLogs</c>), in their order. A new version of the package
/// that renames, adds or reorders a field fails here, naming the log type.
/// </summary>
[Trait("Category", Category.Integration)]
public class VendedFieldNamesTests
{
    [Fact]
    public async Task Each_vended_log_type_declares_AWSs_mandatory_fields_in_AWSs_order()
    {
        var published = await MandatoryFieldsAsync();

        Assert.Equal(published.Keys.Order(), LogKind.Vended.Select(k => k.VendedLogType!).Order());
        foreach (var kind in LogKind.Vended)
            Assert.True(published[kind.VendedLogType!].SequenceEqual(kind.VendedFields.Select(f => f.Name)),
                $"{kind.VendedLogType}: AWS publishes\n{string.Join(' ', published[kind.VendedLogType!])}\nthe {kind.Name} declaration has\n" +
                string.Join(' ', kind.VendedFields.Select(f => f.Name)));
    }

    [Fact]
    public async Task Every_vended_log_type_goes_to_S3_as_json_parquet_plain_or_w3c_and_nothing_else()
    {
        using var document = await SpecificationAsync();
        foreach (var log in LoadBalancer(document).GetProperty("vendedLogs").EnumerateArray())
        {
            var s3 = log.GetProperty("destinations").EnumerateArray().Single(d => d.GetProperty("destinationType").GetString() == "S3");
            Assert.Equal(["json", "parquet", "plain", "w3c"], s3.GetProperty("outputFormats").EnumerateArray().Select(f => f.GetString()!).Order());
        }
    }

    private static async Task<Dictionary<string, string[]>> MandatoryFieldsAsync()
    {
        using var document = await SpecificationAsync();
        return LoadBalancer(document).GetProperty("vendedLogs").EnumerateArray().ToDictionary(
            log => log.GetProperty("logType").GetString()!,
            log => log.GetProperty("mandatoryFields").EnumerateArray().Select(f => f.GetString()!).ToArray());
    }

    private static async Task<JsonDocument> SpecificationAsync()
    {
        var path = await NodePackages.EnsureInstalledAsync(Path.Combine("@aws-cdk", "aws-service-spec", "db.json.gz"));
        await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        return await JsonDocument.ParseAsync(gzip);
    }

    private static JsonElement LoadBalancer(JsonDocument document) =>
        document.RootElement.GetProperty("schema").GetProperty("resource").GetProperty("entities").EnumerateArray()
            .Single(e => e.TryGetProperty("cloudFormationType", out var type) && type.GetString() == "AWS::ElasticLoadBalancingV2::LoadBalancer");
}
