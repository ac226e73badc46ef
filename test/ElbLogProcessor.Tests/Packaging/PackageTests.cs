using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Tests;

/// <summary>
/// build.ps1 -SkipTests packages a zip that is the function: one NativeAOT executable, bootstrap, that
/// Lambda's provided.al2023 runtime starts. Unpacked, it gives the JIT build's events byte for byte,
/// needs no newer C library than Amazon Linux 2023 has, and runs the Runtime API loop with the AWS SDK
/// (S3 reads, an SQS fan-out) as the JIT build does.
/// </summary>
[Collection(nameof(PublishingCollection))]
[Trait("Category", Category.Packaging)]
public partial class PackageTests
{
    /// <summary>Amazon Linux 2023's glibc, the C library of the provided.al2023 runtime.</summary>
    private static readonly Version Al2023Glibc = new(2, 34);

    private static readonly string[] Samples = ["classic-elb.log", "alb.log.gz", "nlb.log.gz", "alb-connection.log.gz", "alb-health-check.log.gz", "alb-vended.parquet"];

    [Fact]
    public async Task The_zip_from_build_ps1_is_one_native_bootstrap_that_behaves_as_the_jit_build()
    {
        var root = RepositoryFiles.Root;
        using var artifacts = new TempFolder("elb-package-");
        // The package for this machine's architecture, so that it can run here (.ci/arm64 runs the arm64 one under qemu).
        string architecture = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "x86_64";
        var (exit, output) = await ChildProcess.RunAsync("dotnet", "tool", "restore");
        Assert.True(exit == 0, output);
        (exit, output) = await ChildProcess.RunAsync("dotnet", "pwsh", "-NoProfile", "-File", "build.ps1", "-SkipTests",
            "-BuildNumber", "4242", "-Architecture", architecture, "-ArtifactsDirectory", artifacts.Path);
        Assert.True(exit == 0, output);

        var zip = Assert.Single(Directory.GetFiles(artifacts.Path, "ElbLogProcessor-1.0.4242-*-linux-*.zip"));
        using (var archive = ZipFile.OpenRead(zip))
        {
            var entry = Assert.Single(archive.Entries);
            Assert.Equal("bootstrap", entry.FullName);
            Assert.Equal(Convert.ToInt32("755", 8), (entry.ExternalAttributes >> 16) & Convert.ToInt32("777", 8));   // executable for Lambda
        }

        var unpacked = Path.Combine(artifacts.Path, "unpacked");
        ZipFile.ExtractToDirectory(zip, unpacked);
        // The name carries a hash of the code, so a new build gets a new CodeKey and a stack update replaces the code.
        var hash = Regex.Match(Path.GetFileName(zip), @"^ElbLogProcessor-1\.0\.4242-([0-9a-f]{12})-linux-").Groups[1].Value;
        Assert.Equal(ContentHash(unpacked), hash);
        var bootstrap = Path.Combine(unpacked, "bootstrap");

        await It_gives_the_jit_builds_events(bootstrap, root);
        await It_needs_no_newer_glibc_than_amazon_linux_2023(bootstrap);
        It_carries_the_runtime_settings_of_the_project(bootstrap);
        await It_runs_the_runtime_loop_and_the_aws_sdk(bootstrap);
    }

    private static async Task It_gives_the_jit_builds_events(string bootstrap, string root)
    {
        var samples = Samples.Select(s => Path.Combine(root, "deploy", "samples", s)).ToArray();
        var (exit, native) = await ChildProcess.RunAsync(bootstrap, ["process", .. samples], stderr: false);
        Assert.True(exit == 0, native);
        var (jitExit, jit) = await ChildProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "ElbLogProcessor.dll"), "process", .. samples], stderr: false);
        Assert.True(jitExit == 0, jit);
        Assert.Equal(1000, native.Split('\n').Count(l => l.StartsWith("{\"Type\":", StringComparison.Ordinal)));
        Assert.Equal(jit, native);
    }

    private static async Task It_needs_no_newer_glibc_than_amazon_linux_2023(string bootstrap)
    {
        var (exit, symbols) = await ChildProcess.RunAsync("objdump", "-T", bootstrap);
        Assert.True(exit == 0, symbols);
        var versions = GlibcVersion().Matches(symbols).Select(m => Version.Parse(m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(versions);
        Assert.True(versions.Max() <= Al2023Glibc, $"needs GLIBC_{versions.Max()}, Amazon Linux 2023 has {Al2023Glibc}");
    }

    /// <summary>
    /// NativeAOT bakes the project's runtime settings into the executable (there is no runtimeconfig.json):
    /// the thread-pool settings the function relies on (no spinning, no hill climbing) and its GC settings (the gen0
    /// budget, conserving memory) must be among them.
    /// </summary>
    private static void It_carries_the_runtime_settings_of_the_project(string bootstrap)
    {
        var bytes = File.ReadAllBytes(bootstrap);
        Assert.True(bytes.AsSpan().IndexOf("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"u8) >= 0,
            "the packaged bootstrap has no thread-pool spin limit: RuntimeHostConfigurationOption missing from the project?");
        Assert.True(bytes.AsSpan().IndexOf("System.Threading.ThreadPool.HillClimbing.Disable"u8) >= 0,
            "the packaged bootstrap lets hill climbing add thread-pool workers: RuntimeHostConfigurationOption missing from the project?");
        // The runtime options are stored as their names, then their values, in the project's order.
        Assert.True(bytes.AsSpan().IndexOf("GCgen0size\0GCConserveMemory\0400000\03\0"u8) >= 0,
            "the packaged bootstrap lacks the project's GC settings (gen0 budget 4 MiB, conserve memory 3): an IlcArg --runtimeopt missing from the project?");
    }

    /// <summary>As Lambda starts it (no arguments, the Runtime API in the environment): an S3 object read and delivered; then an SQS fan-out.</summary>
    private static async Task It_runs_the_runtime_loop_and_the_aws_sdk(string bootstrap)
    {
        await using var s3rver = await S3rverProcess.StartAsync("aot-logs");
        await using var logstash = await LogstashContractServer.StartAsync();
        await using var runtime = await LambdaRuntimeApiServer.StartAsync();
        await using var sqs = await SqsStandIn.StartAsync();
        const string Key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/28/native log.gz";
        var eTag = await s3rver.PutAsync("aot-logs", Key, Gzip.Compress(LogLines.ClassicLog(3000)));
        var environment = new Dictionary<string, string>
        {
            ["LOGSTASH_URL"] = logstash.Url.ToString(),
            ["AWS_ENDPOINT_URL_S3"] = s3rver.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SQS"] = sqs.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = S3rverProcess.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = S3rverProcess.SecretKey,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "elb-log-processor",
        };

        var start = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtime.Address;
        using (var function = Process.Start(start)!)
        {
            try
            {
                var reply = await runtime.InvokeAsync(S3Events.Put("aot-logs", Key), DateTimeOffset.UtcNow.AddMinutes(2)).WaitAsync(TimeSpan.FromSeconds(60));
                Assert.True(reply.Kind == "response", reply.Body);
                var summary = JsonDocument.Parse(reply.Body).RootElement;
                Assert.Equal((3000L, 3000L, 0L), (summary.GetProperty("Lines").GetInt64(), summary.GetProperty("EventsSent").GetInt64(),
                    summary.GetProperty("EventsFailed").GetInt64()));
                Assert.Equal(3000, logstash.EventIds.Count);
            }
            finally
            {
                function.Kill();
                await function.WaitForExitAsync();
            }
        }

        var queue = sqs.QueueUrl("elb-log-processor-continuations");
        var (exit, output) = await ChildProcess.RunAsync(bootstrap, ["backfill", "s3://aot-logs/AWSLogs/", "--via-queue", queue], stderr: true, environment);
        Assert.True(exit == 0, output);
        var message = Assert.Single(sqs.Messages(queue));
        var named = Assert.Single(Invocation.InvocationEventParser.Parse(message));
        Assert.Equal(("aot-logs", Key, eTag), (named.Location.Bucket, named.Location.Key, named.Location.ETag));
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

    [GeneratedRegex(@"GLIBC_(\d+\.\d+)")]
    private static partial Regex GlibcVersion();
}
