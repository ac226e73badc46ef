using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace ElbLogProcessor.Tests;

/// <summary>build.ps1 -SkipTests packages a zip that is the function: unpacked, it processes a bundled sample.</summary>
[Trait("Category", Category.Packaging)]
public class PackageTests
{
    [Fact]
    public async Task The_zip_from_build_ps1_unpacks_into_a_working_function()
    {
        var root = RepositoryFiles.Root;
        var artifacts = Directory.CreateTempSubdirectory("elb-package-").FullName;
        try
        {
            // The package for this machine's architecture, so that it can run here.
            string architecture = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x86_64";
            var (exit, output) = await RunAsync("dotnet", root, "tool", "restore");
            Assert.True(exit == 0, output);
            (exit, output) = await RunAsync("dotnet", root, "pwsh", "-NoProfile", "-File", "build.ps1", "-SkipTests",
                "-BuildNumber", "4242", "-Architecture", architecture, "-ArtifactsDirectory", artifacts);
            Assert.True(exit == 0, output);

            var zip = Assert.Single(Directory.GetFiles(artifacts, "ElbLogProcessor-1.0.4242-linux-*.zip"));
            var unpacked = Path.Combine(artifacts, "unpacked");
            ZipFile.ExtractToDirectory(zip, unpacked);
            Assert.True(File.Exists(Path.Combine(unpacked, "ElbLogProcessor.dll")));
            Assert.True(File.Exists(Path.Combine(unpacked, "ElbLogProcessor")), "the executable Lambda runs directly");
            Assert.Empty(Directory.GetFiles(unpacked, "*.pdb"));

            (exit, output) = await RunAsync("dotnet", root, Path.Combine(unpacked, "ElbLogProcessor.dll"), "process",
                Path.Combine(root, "deploy", "samples", "classic-elb.log"), Path.Combine(root, "deploy", "samples", "alb.log.gz"));
            Assert.True(exit == 0, output);
            Assert.Equal(400, output.Split('\n').Count(l => l.StartsWith("{\"Type\":")));
        }
        finally
        {
            Directory.Delete(artifacts, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
