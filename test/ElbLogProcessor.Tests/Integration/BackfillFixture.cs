namespace ElbLogProcessor.Tests;

/// <summary>An s3rver of the backfill tests' own, with a bucket per test so that listings do not see each other.</summary>
public sealed class BackfillFixture : IAsyncLifetime
{
    public S3rverProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await S3rverProcess.StartAsync("paged", "days", "resume", "changed", "queued", "replayed", "kinds", "progress", "ending", "capped", "filtered", "hive", "left-out");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
