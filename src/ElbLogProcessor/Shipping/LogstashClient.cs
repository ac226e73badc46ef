using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Summary;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// Delivers one batch to the Logstash HTTP input: POST of a JSON array, gzip when enabled,
/// through a Polly pipeline (give up after N failed batches in a row; retry with exponential
/// backoff, jitter and <c>Retry-After</c>; per-attempt timeout). A 413 splits the batch in
/// halves, down to one event. Every outcome is counted in the summary. One instance per run:
/// the give-up count must not outlive it.
/// </summary>
internal sealed class LogstashClient
{
    private const int ExcerptLength = 200;
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly LogstashConnectionPool _connections;
    private readonly LogstashOptions _options;
    private readonly RunSummary _summary;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public LogstashClient(LogstashConnectionPool connections, LogstashOptions options, RunSummary summary, TimeProvider? time = null)
    {
        _connections = connections;
        _options = options;
        _summary = summary;
        if (options.Username is not null)
            _authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password?.Reveal()}")));
        _pipeline = BuildPipeline(options, summary, time ?? TimeProvider.System);
    }

    /// <summary>
    /// Delivers <paramref name="batch"/> (sealed, JSON array framing); never throws for a
    /// delivery failure, which is recorded in the summary instead.
    /// </summary>
    /// <param name="batch">The events; the caller keeps ownership.</param>
    /// <param name="cancellationToken">Gives up on the batch (the hard stop); it is then counted as not delivered.</param>
    public async Task DeliverAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var body = new ReadOnlySequence<byte>(batch.Body);
        // Pooled; returned when the batch is done (every attempt sends the same bytes). Sent from its
        // blocks as they are: a 1 MiB batch compresses to more than one block.
        using var compressed = _options.Gzip ? _connections.BodyBuffers.GetStream("logstash-body") : null;
        if (compressed is not null)
        {
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(batch.Body.Span);
            body = compressed.GetReadOnlySequence();
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var attempts = new StrongBox<int>();   // one per batch, for the failure's "(8 attempts over 54 s)"
        long started = Stopwatch.GetTimestamp();
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    state.Attempts.Value++;
                    try
                    {
                        return Outcome.FromResult(await state.Client.PostOnceAsync(state.Body, context.CancellationToken)
                            .ConfigureAwait(false));
                    }
                    catch (Exception e)   // every failure is an outcome the strategies judge
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Client: this, Body: body, Attempts: attempts)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using var response = outcome.Result;
        if (response is { IsSuccessStatusCode: true })
        {
            _summary.RecordDelivered(batch.Count, body.Length);
            return;
        }

        if (response?.StatusCode == HttpStatusCode.RequestEntityTooLarge && batch.Count > 1)
        {
            // Too large for max_content_length: deliver each half on its own.
            int half = batch.Count / 2;
            using (var first = batch.Slice(0, half)) await DeliverAsync(first, cancellationToken).ConfigureAwait(false);
            using (var second = batch.Slice(half, batch.Count - half)) await DeliverAsync(second, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (outcome.Exception is GaveUpException || (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Not tried (the run gave up on Logstash) or stopped: counted, but the cause stays the last real one.
            _summary.RecordUndelivered(batch.Count, outcome.Exception is GaveUpException gaveUp
                ? $"{gaveUp.Message} to {_options.Url}"
                : $"the run was stopped while they were being sent to {_options.Url}");
            return;
        }

        string cause = response is not null
            ? await DescribeAsync(response, batch, cancellationToken).ConfigureAwait(false)
            : Describe(outcome.Exception!);
        _summary.RecordDeliveryFailure(batch.Count, _options.Url, $"{cause} ({Attempts(attempts.Value, Stopwatch.GetElapsedTime(started))})");
    }

    /// <summary><c>1 attempt</c>, <c>8 attempts over 54 s</c>, <c>8 attempts over 4.5 min</c>.</summary>
    internal static string Attempts(int attempts, TimeSpan over) => attempts switch
    {
        <= 1 => "1 attempt",
        _ when over < TimeSpan.FromSeconds(1) => $"{attempts} attempts over {over.TotalMilliseconds:0} ms",
        _ when over < TimeSpan.FromMinutes(2) => $"{attempts} attempts over {over.TotalSeconds:0} s",
        _ => $"{attempts} attempts over {over.TotalMinutes:0.#} min",
    };

    private async Task<HttpResponseMessage> PostOnceAsync(ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url);
        request.Headers.Authorization = _authorization;
        request.Content = new SequenceContent(body);
        request.Content.Headers.ContentType = Json;
        if (_options.Gzip) request.Content.Headers.ContentEncoding.Add("gzip");
        try
        {
            var response = await _connections.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _summary.RecordAttempt(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _summary.RecordAttempt("timeout");
            throw;
        }
        catch (HttpRequestException)
        {
            _summary.RecordAttempt("connection");
            throw;
        }
    }

    // As Polly's own strategies do: AddStrategy validates the options by reflection, so they are kept whole.
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(GiveUpStrategyOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "All options members are preserved.")]
    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(LogstashOptions options, RunSummary summary,
        TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.GiveUpAfterFailedBatches > 0)
        {
            var giveUp = new GiveUpStrategyOptions { AfterFailuresInARow = options.GiveUpAfterFailedBatches, IsFailure = IsDeliveryFailure };
            builder.AddStrategy(_ => new GiveUpStrategy(giveUp), giveUp);
        }

        // One attempt means no retry strategy at all (Polly refuses zero retries).
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, options.RetryMaxDelay, timeProvider)),
                OnRetry = args =>
                {
                    summary.RecordRetry();
                    args.Outcome.Result?.Dispose();   // frees the connection of the refused attempt now
                    return default;
                },
            });
        }

        return builder
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>Worth another attempt: 408, 429, 5xx, a timeout or a dropped or refused connection.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => true,
        { Exception: HttpRequestException e } => e.InnerException is not AuthenticationException,
        { Exception: IOException } => true,
        { Result: { } r } => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests ||
                             (int)r.StatusCode >= 500,
        _ => false,
    };

    /// <summary>A batch not delivered (413 is not: it is split and retried in parts).</summary>
    private static bool IsDeliveryFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is not null ||
        outcome.Result is { IsSuccessStatusCode: false, StatusCode: not HttpStatusCode.RequestEntityTooLarge };

    /// <summary>The server's <c>Retry-After</c>, capped; null lets the exponential backoff decide.</summary>
    private static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome, TimeSpan cap, TimeProvider time)
    {
        var retryAfter = outcome.Result?.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date - time.GetUtcNow());
        if (delay is not { } wait) return null;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > cap ? cap : wait;
    }

    private static async Task<string> DescribeAsync(HttpResponseMessage response, EventBatch batch, CancellationToken cancellationToken)
    {
        string excerpt;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            excerpt = new string([.. text.AsSpan(0, Math.Min(text.Length, ExcerptLength)).ToArray().Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            excerpt = "";
        }

        string size = batch.Count == 1 ? $" (a single event of {batch.Length} bytes)" : "";
        return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{size}: {excerpt}".TrimEnd(' ', ':');
    }

    private string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException => $"no answer within {_options.RequestTimeoutSeconds} s",
        HttpRequestException { InnerException: AuthenticationException auth } =>
            $"TLS: {_connections.Certificates.LastRefusal ?? auth.Message}",
        _ => FailureCause.Of(exception, withEndpoint: false) ?? $"{exception.GetType().Name}: {exception.Message}",
    };
}
