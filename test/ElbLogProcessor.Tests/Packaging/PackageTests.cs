using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace ElbLogProcessor.Tests;

/// <summary>build.ps1 -SkipTests packages a zip that is the function: unpacked, it processes a bundled sample.</summary>
[Collection(nameof(PublishingCollection))]
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

            var zip = Assert.Single(Directory.GetFiles(artifacts, "ElbLogProcessor-1.0.4242-*-linux-*.zip"));
            var unpacked = Path.Combine(artifacts, "unpacked");
            ZipFile.ExtractToDirectory(zip, unpacked);
            // The name carries a hash of the code, so a new build gets a new CodeKey and a stack update replaces the code.
            var hash = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(zip), @"^ElbLogProcessor-1\.0\.4242-([0-9a-f]{12})-linux-").Groups[1].Value;
            Assert.Equal(ContentHash(unpacked), hash);
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

    /// <summary>build.ps1's hash: SHA-256 over each file's relative path and bytes, in ordinal order, first 12 hex digits.</summary>
    private static string ContentHash(string directory)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
                     .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(directory, file)));
        }

        return Convert.ToHexString(sha.GetHashAndReset())[..12].ToLowerInvariant();
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
