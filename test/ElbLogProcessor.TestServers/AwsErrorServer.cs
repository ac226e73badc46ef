using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ElbLogProcessor.TestServers;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers every request with one AWS error, as the service would:
/// S3's XML error (<see cref="S3"/>), or SQS's AWS JSON 1.0 error with its query-compatible code
/// (<see cref="Sqs"/>). For the tests of what a person sees when AWS refuses: access denied, no such
/// bucket or queue, throttling, refused credentials.
/// </summary>
public sealed class AwsErrorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private AwsErrorServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Requests answered (the SDK's retries included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers as S3 does: <c>&lt;Error&gt;&lt;Code&gt;code&lt;/Code&gt;&lt;Message&gt;...</c>.</summary>
    public static Task<AwsErrorServer> S3(HttpStatusCode status, string code, string message) => StartAsync(status, "application/xml",
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>TEST</RequestId></Error>",
        []);

    /// <summary>Answers as SQS does with the JSON protocol: <c>{"__type":"com.amazonaws.sqs#Type","message":...}</c> and <c>x-amzn-query-error</c>.</summary>
    public static Task<AwsErrorServer> Sqs(HttpStatusCode status, string type, string queryCode, string message) => StartAsync(status,
        "application/x-amz-json-1.0", $"{{\"__type\":\"com.amazonaws.sqs#{type}\",\"message\":\"{message}\"}}",
        [("x-amzn-query-error", $"{queryCode};Sender")]);

    /// <summary>
    /// Lists <paramref name="keys"/> (ListObjectsV2, one page) as S3 does, and answers everything else (reading an object)
    /// with S3's error: a bucket that can be listed but not read.
    /// </summary>
    public static Task<AwsErrorServer> S3ListingThen(string[] keys, HttpStatusCode status, string code, string message) => StartAsync(status,
        "application/xml",
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>TEST</RequestId></Error>",
        [], keys);

    private static string Listing(string bucket, string[] keys) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" +
        $"<Name>{bucket}</Name><Prefix></Prefix><KeyCount>{keys.Length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>" +
        string.Concat(keys.Select((key, i) => $"<Contents><Key>{key}</Key><LastModified>2026-11-28T00:00:00.000Z</LastModified>" +
                                              $"<ETag>\"{i:x32}\"</ETag><Size>{100 + i}</Size><StorageClass>STANDARD</StorageClass></Contents>")) +
        "</ListBucketResult>";

    private static async Task<AwsErrorServer> StartAsync(HttpStatusCode status, string contentType, string body, (string Name, string Value)[] headers,
        string[]? listed = null)
    {
        var app = LoopbackKestrel.Create();
        var server = new AwsErrorServer(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._requests);
            if (listed is not null && context.Request.Method == "GET" && context.Request.Query.ContainsKey("list-type"))
            {
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(Listing(context.Request.Path.Value!.Trim('/'), listed));
                return;
            }

            context.Response.StatusCode = (int)status;
            context.Response.ContentType = contentType;
            context.Response.Headers["x-amzn-RequestId"] = "TEST";
            foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            await context.Response.WriteAsync(body);
        });
        server.Endpoint = await LoopbackKestrel.StartAsync(app);
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
