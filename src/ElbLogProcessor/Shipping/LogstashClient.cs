using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Summary;
using Polly;
using Polly.Timeout;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// Delivers one run's batches to the Logstash HTTP input: POST of a JSON array, gzip when enabled, through the
/// process's <see cref="LogstashDelivery.Pipeline"/> (give up after N of the run's batches failed in a row; retry
/// with exponential backoff, jitter and <c>Retry-After</c>; per-attempt timeout). A 413 splits the batch in halves,
/// down to one event. Every outcome is counted in the run's summary. One instance per run: its give-up count
/// (<see cref="FailureStreak"/>) must not outlive it.
/// </summary>
internal sealed class LogstashClient(LogstashDelivery delivery, RunSummary summary)
{
    private const int ExcerptLength = 200;
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly FailureStreak _streak = new();
    private int _gaveUpRecorded;
    private readonly LogstashOptions _options = delivery.Options;

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
        using var compressed = _options.Gzip ? delivery.Connections.BodyBuffers.GetStream("logstash-body") : null;
        if (compressed is not null)
        {
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(batch.Body.Span);
            body = compressed.GetReadOnlySequence();
        }

        // The retries' waits end when the run gives up; each attempt only on the hard stop (GiveUpGate).
        using var stopOrGiveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _streak.GiveUp);
        var context = ResilienceContextPool.Shared.Get(stopOrGiveUp.Token);
        context.Properties.Set(GiveUpStrategy.StreakKey, _streak);
        context.Properties.Set(GiveUpGate.AttemptStopKey, cancellationToken);
        var attempts = new StrongBox<int>();   // one per batch, for the failure's "(8 attempts over 54 s)"
        long started = Stopwatch.GetTimestamp();
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await delivery.Pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    // A retry is counted when it is made, not when it is planned: a wait cut short by giving up is none.
                    if (++state.Attempts.Value > 1) state.Summary.RecordRetry();
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
                (Client: this, Body: body, Attempts: attempts, Summary: summary)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using var response = outcome.Result;
        if (response is { IsSuccessStatusCode: true })
        {
            summary.RecordDelivered(batch.Count, body.Length);
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

        if (_streak.HasGivenUp && Interlocked.Exchange(ref _gaveUpRecorded, 1) == 0)
            summary.RecordGaveUp($"gave up: {_streak.GaveUpAfterBatches} batches in a row failed every attempt, over {Duration(_streak.GaveUpAfter)}");

        if (outcome.Exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            summary.RecordUndelivered(batch.Count, $"the run was stopped while they were being sent to {_options.Url}");
            return;
        }

        if (outcome.Exception is GaveUpException or OperationCanceledException && _streak.HasGivenUp)
        {
            // Not tried, or no longer retried, since the run gave up on Logstash: counted, but the cause stays the last real one.
            summary.RecordUndelivered(batch.Count, $"gave up: {_streak.GaveUpAfterBatches} batches in a row failed every attempt to {_options.Url}");
            return;
        }

        string cause = response is not null
            ? await DescribeAsync(response, batch, cancellationToken).ConfigureAwait(false)
            : Describe(outcome.Exception!);
        summary.RecordDeliveryFailure(batch.Count, _options.Url, $"{cause} ({Attempts(attempts.Value, Stopwatch.GetElapsedTime(started))})");
    }

    /// <summary><c>1 attempt</c>, <c>8 attempts over 54 s</c>, <c>8 attempts over 4.5 min</c>.</summary>
    internal static string Attempts(int attempts, TimeSpan over) => attempts <= 1 ? "1 attempt" : $"{attempts} attempts over {Duration(over)}";

    /// <summary><c>350 ms</c>, <c>54 s</c>, <c>4.5 min</c>.</summary>
    internal static string Duration(TimeSpan over) => over switch
    {
        _ when over < TimeSpan.FromSeconds(1) => $"{over.TotalMilliseconds:0} ms",
        _ when over < TimeSpan.FromMinutes(2) => $"{over.TotalSeconds:0} s",
        _ => $"{over.TotalMinutes:0.#} min",
    };

    private async Task<HttpResponseMessage> PostOnceAsync(ReadOnlySequence<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url);
        request.Headers.Authorization = delivery.Authorization;
        request.Content = new SequenceContent(body);
        request.Content.Headers.ContentType = Json;
        if (_options.Gzip) request.Content.Headers.ContentEncoding.Add("gzip");
        try
        {
            var response = await delivery.Connections.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            summary.RecordAttempt(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
                response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", body.Length);
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            summary.RecordAttempt("timeout", $"no answer within {_options.RequestTimeoutSeconds} s", body.Length);
            throw;
        }
        catch (HttpRequestException e)
        {
            summary.RecordAttempt("connection", Describe(e), body.Length);
            throw;
        }
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
            $"TLS: {delivery.Connections.Certificates.LastRefusal ?? auth.Message}",
        _ => FailureCause.Of(exception, withEndpoint: false) ?? $"{exception.GetType().Name}: {exception.Message}",
    };
}
