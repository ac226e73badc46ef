using ElbLogProcessor.Configuration;
using Microsoft.IO;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// The pooled connections to Logstash: one <see cref="HttpClient"/> over a
/// <see cref="SocketsHttpHandler"/>, made once per process and reused by every run (and every
/// Lambda invocation), so connections are kept alive; with its certificate check, and the pooled
/// buffers that compressed bodies are written into (a backfill starts a run per object: buffers
/// of its own would be garbage, and large-object-heap garbage at that, after every object).
/// </summary>
internal sealed class LogstashConnectionPool : IDisposable
{
    /// <summary>Pooled connections are replaced after this long, so DNS changes are seen.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(2);

    /// <param name="options">Pool size, timeouts and trusted CAs.</param>
    /// <param name="handlerForTests">Replaces the socket handler (tests answer requests in-process).</param>
    public LogstashConnectionPool(LogstashOptions options, HttpMessageHandler? handlerForTests = null)
    {
        Certificates = new ServerCertificateCheck(options.TrustedCas, options.Url.Host, TimeProvider.System);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = ConnectionLifetime,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
            MaxConnectionsPerServer = options.Senders,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, options.RequestTimeoutSeconds)),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = Certificates.Validate;

        // Each attempt's limit is the resilience pipeline's; the client must not cut it shorter.
        Client = new HttpClient(handlerForTests ?? handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        if (handlerForTests is not null) handler.Dispose();
    }

    public HttpClient Client { get; }

    /// <summary>Bytes per block of <see cref="BodyBuffers"/>: most compressed 1 MiB batches fill one block and part of another.</summary>
    public const int BodyBlockSize = 128 * 1024;

    /// <summary>
    /// Buffers for compressed bodies, in 128 KiB blocks; a body is sent from its blocks as they
    /// are (<see cref="SequenceContent"/>), so no large buffer is needed. What is kept free is
    /// bounded, so a burst does not pin memory for the rest of the process.
    /// </summary>
    public RecyclableMemoryStreamManager BodyBuffers { get; } = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = BodyBlockSize,
        LargeBufferMultiple = 1024 * 1024,
        MaximumBufferSize = 64 * 1024 * 1024,
        MaximumSmallPoolFreeBytes = 8 * 1024 * 1024,
        MaximumLargePoolFreeBytes = 16 * 1024 * 1024,
    });

    public ServerCertificateCheck Certificates { get; }

    public void Dispose() => Client.Dispose();
}
