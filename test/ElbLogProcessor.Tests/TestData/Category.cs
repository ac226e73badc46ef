namespace ElbLogProcessor.Tests;

/// <summary>
/// Test kinds, as <c>[Trait("Category", ...)]</c> values: <c>dotnet test --filter Category=Unit</c> is the fast loop.
/// </summary>
internal static class Category
{
    /// <summary>In-process, no server, no child process: seconds for the whole category.</summary>
    public const string Unit = "Unit";

    /// <summary>Loopback servers (Logstash contract, Runtime API, s3rver) or the built executable.</summary>
    public const string Integration = "Integration";

    /// <summary>Deployment files and the packaged zip.</summary>
    public const string Packaging = "Packaging";

    /// <summary>The README and docs/ held to the code: their commands run, their tables and figures recomputed.</summary>
    public const string Docs = "Docs";
}
