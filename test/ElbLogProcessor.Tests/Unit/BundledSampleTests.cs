namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class BundledSampleTests
{
    [Fact]
    public async Task The_samples_the_readme_runs_parse_without_a_failure()
    {
        var samples = RepositoryFiles.Path("deploy", "samples");
        string[] files = ["classic-elb.log", "alb.log.gz", "nlb.log.gz", "alb-connection.log.gz", "alb-health-check.log.gz"];
        var (exitCode, events, _, summary) = await CommandRunner.Run(["process", .. files.Select(f => Path.Combine(samples, f))]);

        Assert.Equal(0, exitCode);
        Assert.Equal(800, events.Count);
        Assert.Equal(0, summary.GetProperty("Malformed").GetInt64());
        Assert.Equal(200, summary.GetProperty("Events").GetProperty("classic").GetInt64());
        Assert.Equal(200, summary.GetProperty("Events").GetProperty("application").GetInt64());
        Assert.Equal(100, summary.GetProperty("Events").GetProperty("network").GetInt64());
        Assert.Equal(200, summary.GetProperty("Events").GetProperty("connection").GetInt64());
        Assert.Equal(100, summary.GetProperty("Events").GetProperty("healthcheck").GetInt64());
        Assert.Equal(300, events.Count(e => e.TryGetProperty("LogType", out _)));
    }
}
