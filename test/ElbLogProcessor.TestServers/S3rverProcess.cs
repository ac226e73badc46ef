using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.TestServers;

/// <summary>
/// The npm package s3rver (3.7.1), an S3-compatible server, installed on first use (<see cref="NodePackages"/>)
/// and started on 127.0.0.1 with a fresh
/// data folder. Needs Node.js and npm, and fails loudly (never skips) without them.
/// Credentials are s3rver's fixed <c>S3RVER</c>/<c>S3RVER</c>.
/// </summary>
public sealed partial class S3rverProcess : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly Process _process;
    private readonly string _dataDirectory;

    private S3rverProcess(Process process, string dataDirectory, Uri endpoint)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Endpoint { get; }

    /// <summary>The credentials s3rver accepts.</summary>
    public static Amazon.Runtime.AWSCredentials Credentials { get; } = new Amazon.Runtime.BasicAWSCredentials(AccessKey, SecretKey);

    /// <summary>An S3 client for this server (path-style; checksums only where required, as s3rver needs).</summary>
    public Amazon.S3.IAmazonS3 CreateClient(Uri? endpoint = null) => new Amazon.S3.AmazonS3Client(Credentials, new Amazon.S3.AmazonS3Config
    {
        ServiceURL = (endpoint ?? Endpoint).ToString(),
        ForcePathStyle = true,
        RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
    });

    /// <summary>Uploads <paramref name="content"/> (without chunked encoding, which s3rver does not take); returns the ETag without quotes.</summary>
    public async Task<string> PutAsync(string bucket, string key, byte[] content)
    {
        using var s3 = CreateClient();
        var response = await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            UseChunkEncoding = false,
        });
        return response.ETag.Trim('"');
    }

    public static async Task<S3rverProcess> StartAsync(params string[] buckets)
    {
        await NodePackages.EnsureInstalledAsync(Path.Combine("s3rver", "bin", "s3rver.js"));
        var nodeDirectory = NodePackages.Directory;
        var data = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = nodeDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // s3rver's ListObjectsV2 continuation tokens are DES-encrypted; Node 17+ (OpenSSL 3) has DES
        // only in the legacy provider, and without it every second page is an InternalError.
        foreach (var argument in (string[])["--openssl-legacy-provider", "node_modules/s3rver/bin/s3rver.js", "-d", data, "-a", "127.0.0.1", "-p", "0"])
            start.ArgumentList.Add(argument);
        foreach (var bucket in buckets)
        {
            start.ArgumentList.Add("--configure-bucket");
            start.ArgumentList.Add(bucket);
        }

        var process = NodePackages.Start(start);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                       ?? throw new InvalidOperationException($"s3rver exited before listening: {await process.StandardError.ReadToEndAsync()}");
            var match = Listening().Match(line);
            if (!match.Success) continue;
            // Keep draining its log so that it never blocks on a full pipe.
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            return new S3rverProcess(process, data, new Uri($"http://127.0.0.1:{match.Groups[1].Value}/"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // s3rver may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [GeneratedRegex(@"listening on [\d.]+:(\d+)")]
    private static partial Regex Listening();
}
