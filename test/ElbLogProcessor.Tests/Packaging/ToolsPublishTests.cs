using System.Runtime.InteropServices;
using System.Text.Json;

namespace ElbLogProcessor.Tests;

/// <summary>
/// The project published exactly as Amazon.Lambda.Tools publishes it for aws-lambda-tools-defaults.json
/// (LambdaDotNetCLIWrapper: --output --configuration --framework, the file's msbuild-parameters,
/// /p:GenerateRuntimeConfigurationFiles=true, --runtime from function-architecture), then run on the samples:
/// the output is the executable provided.al2023 starts, bootstrap, and nothing else.
/// The runtime is this machine's, so that the output can run here.
/// </summary>
[Collection(nameof(PublishingCollection))]
[Trait("Category", Category.Packaging)]
public class ToolsPublishTests
{
    [Fact]
    public async Task Published_as_the_tool_publishes_it_the_function_processes_the_samples()
    {
        var defaults = JsonDocument.Parse(RepositoryFiles.ReadText("aws-lambda-tools-defaults.json")).RootElement;
        using var output = new TempFolder("elb-tools-publish-");
        string runtime = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string[] arguments =
        [
            "publish", RepositoryFiles.Path("src", "ElbLogProcessor"), "--output", output.Path,
            "--configuration", defaults.GetProperty("configuration").GetString()!,
            "--framework", defaults.GetProperty("framework").GetString()!,
            .. defaults.GetProperty("msbuild-parameters").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            "/p:GenerateRuntimeConfigurationFiles=true", "--runtime", runtime,
        ];
        Assert.Contains("--self-contained", arguments);   // so the tool adds no --self-contained of its own

        var (exit, text) = await ChildProcess.RunAsync("dotnet", arguments);
        Assert.True(exit == 0, text);
        Assert.Equal(["bootstrap"], Directory.GetFiles(output.Path).Select(Path.GetFileName));

        (exit, text) = await ChildProcess.RunAsync(Path.Combine(output.Path, "bootstrap"), "process",
            RepositoryFiles.Path("deploy", "samples", "classic-elb.log"), RepositoryFiles.Path("deploy", "samples", "alb-connection.log.gz"));
        Assert.True(exit == 0, text);
        Assert.Equal(400, text.Split('\n').Count(l => l.StartsWith("{\"Type\":", StringComparison.Ordinal)));
    }
}
