namespace ElbLogProcessor.Tests;

/// <summary>One s3rver for all the S3 integration tests (it is a separate Node.js process).</summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public S3rverProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await S3rverProcess.StartAsync("logs");

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
