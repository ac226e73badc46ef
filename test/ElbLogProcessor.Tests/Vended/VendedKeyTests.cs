using ElbLogProcessor.Events.Ecs;

namespace ElbLogProcessor.Tests;

/// <summary>The account and Region of a vended delivery's key, in each layout AWS documents; never guessed from a custom prefix.</summary>
[Trait("Category", Category.Unit)]
public class VendedKeyTests
{
    [Theory]
    [InlineData("AWSLogs/111122223333/elasticloadbalancing/us-east-1/2026/09/10/x.json.gz", "111122223333", "us-east-1")]
    [InlineData("AWSLogs/aws-account-id=111122223333/elasticloadbalancing/region=us-east-1/year=2026/month=09/day=10/x.parquet", "111122223333", "us-east-1")]
    [InlineData("MyLogPrefix/AWSLogs/aws-account-id=111122223333/elasticloadbalancing/region=eu-west-1/year=2026/month=09/day=10/x", "111122223333", "eu-west-1")]
    [InlineData("MyLogPrefix/us-east-1/2026/09/10/x.json.gz", null, null)]
    [InlineData("MyLogPrefix/us-east-1/2026/09/10/myFolder/year=2026/x.json.gz", null, null)]
    [InlineData("AWSLogs/aws-account-id=1111/elasticloadbalancing/region=us-east-1/x", null, null)]
    public void The_key_names_the_account_and_region_or_neither(string key, string? account, string? region) =>
        Assert.Equal((account, region), EcsSourceTemplate.AccountAndRegion(key));
}
