using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;

namespace ElbLogProcessor.Tests;

/// <summary>
/// What CI builds is what was committed: every project restores from its lock file, CI and build.ps1 restore in
/// locked mode, and global.json pins the SDK's feature band.
/// </summary>
[Trait("Category", Category.Packaging)]
public class ReproducibleBuildTests
{
    public static TheoryData<string, string> LockFiles() => new()
    {
        { "src/ElbLogProcessor/ElbLogProcessor.csproj", "packages.lock.json" },
        { "src/ElbLogProcessor/ElbLogProcessor.csproj", "packages.aot.linux-arm64.lock.json" },
        { "src/ElbLogProcessor/ElbLogProcessor.csproj", "packages.aot.linux-x64.lock.json" },
        { "test/ElbLogProcessor.Tests/ElbLogProcessor.Tests.csproj", "packages.lock.json" },
        { "test/ElbLogProcessor.TestServers/ElbLogProcessor.TestServers.csproj", "packages.lock.json" },
        { "test/ElbLogProcessor.Benchmarks/ElbLogProcessor.Benchmarks.csproj", "packages.lock.json" },
    };

    [Fact]
    public void Every_project_of_the_solution_has_a_lock_file()
    {
        var projects = Directory.GetFiles(RepositoryFiles.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(RepositoryFiles.Root, p).Replace('\\', '/')).Order().ToList();
        Assert.Equal(LockFiles().Select(row => (string)row[0]).Distinct().Order(), projects);
        Assert.Contains("<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>", RepositoryFiles.ReadText("Directory.Build.props"));
    }

    [Theory]
    [MemberData(nameof(LockFiles))]
    public void Each_lock_file_holds_the_versions_the_project_asks_for(string project, string lockFile)
    {
        var versions = XDocument.Load(RepositoryFiles.Path("Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => (string)p.Attribute("Include")!, p => (string)p.Attribute("Version")!);
        var references = XDocument.Load(RepositoryFiles.Path(project)).Descendants("PackageReference")
            .Select(r => (string)r.Attribute("Include")!).ToList();
        using var lockDocument = JsonDocument.Parse(RepositoryFiles.ReadText(Path.Combine(Path.GetDirectoryName(project)!, lockFile)));
        var framework = lockDocument.RootElement.GetProperty("dependencies").GetProperty("net10.0");

        Assert.NotEmpty(references);
        Assert.All(references, name =>
        {
            Assert.True(framework.TryGetProperty(name, out var entry), $"{lockFile} of {project} lacks {name}: restore it (dotnet restore --force-evaluate)");
            Assert.Equal("Direct", entry.GetProperty("type").GetString());
            Assert.Equal(versions[name], entry.GetProperty("resolved").GetString());
        });
    }

    [Fact]
    public void The_NativeAOT_lock_files_hold_the_compiler_for_their_architecture()
    {
        foreach (var rid in new[] { "linux-arm64", "linux-x64" })
        {
            using var lockDocument = JsonDocument.Parse(RepositoryFiles.ReadText("src", "ElbLogProcessor", $"packages.aot.{rid}.lock.json"));
            var dependencies = lockDocument.RootElement.GetProperty("dependencies");
            Assert.True(dependencies.GetProperty("net10.0").TryGetProperty("Microsoft.DotNet.ILCompiler", out _), rid);
            Assert.True(dependencies.TryGetProperty($"net10.0/{rid}", out _), rid);
        }
    }

    [Fact]
    public void Ci_and_build_ps1_restore_in_locked_mode()
    {
        var ci = RepositoryFiles.ReadText(".ci", "run");
        var restore = ci.IndexOf("dotnet restore ElbLogProcessor.sln --locked-mode", StringComparison.Ordinal);
        Assert.True(restore >= 0, ".ci/run restores in locked mode");
        Assert.True(restore < ci.IndexOf("dotnet test", StringComparison.Ordinal), ".ci/run restores before it tests");

        var build = RepositoryFiles.ReadText("build.ps1");
        Assert.Contains("dotnet restore ElbLogProcessor.sln --locked-mode", build);
        var publish = build[build.IndexOf("dotnet publish", StringComparison.Ordinal)..];
        Assert.Contains("-p:RestoreLockedMode=true", publish[..publish.IndexOf('}', StringComparison.Ordinal)]);
    }

    [Fact]
    public void Global_json_pins_the_feature_band_of_the_sdk_that_builds_here()
    {
        using var globalJson = JsonDocument.Parse(RepositoryFiles.ReadText("global.json"));
        var sdk = globalJson.RootElement.GetProperty("sdk");
        Assert.Equal("latestPatch", sdk.GetProperty("rollForward").GetString());
        var pinned = Version.Parse(sdk.GetProperty("version").GetString()!);
        Assert.Equal(0, pinned.Build % 100);   // the band's first patch: any later patch of the band rolls forward

        // The SDK that global.json selects in the repository (the one building this test, on CI).
        var start = new ProcessStartInfo("dotnet", "--version") { WorkingDirectory = RepositoryFiles.Root, RedirectStandardOutput = true };
        using var dotnet = Process.Start(start)!;
        var selected = Version.Parse(dotnet.StandardOutput.ReadToEnd().Trim().Split('-')[0]);
        dotnet.WaitForExit();
        Assert.Equal(0, dotnet.ExitCode);
        Assert.Equal((pinned.Major, pinned.Minor, pinned.Build / 100), (selected.Major, selected.Minor, selected.Build / 100));
    }
}
