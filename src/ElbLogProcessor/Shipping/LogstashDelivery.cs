using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using ElbLogProcessor.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// What delivering to Logstash keeps for the whole process, made once and shared by every run: the options, the
/// pooled connections, the authorization header, and the resilience pipeline (give up, retry, timeout), built once
/// from the validated options. What belongs to a run, its give-up count and its hard stop, travels in each execution's
/// context (<see cref="GiveUpStrategy.StreakKey"/>, <see cref="GiveUpGate.AttemptStopKey"/>).
/// </summary>
internal sealed class LogstashDelivery : IDisposable
{
    /// <param name="options">The Logstash settings.</param>
    /// <param name="handlerForTests">Replaces the socket handler (tests answer requests in-process).</param>
    /// <param name="time">The clock of retries and timeouts.</param>
    public LogstashDelivery(LogstashOptions options, HttpMessageHandler? handlerForTests = null, TimeProvider? time = null)
    {
        Options = options;
        Connections = new LogstashConnectionPool(options, handlerForTests);
        if (options.Username is not null)
            Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password?.Reveal()}")));
        Pipeline = BuildPipeline(options, time ?? TimeProvider.System);
    }

    public LogstashOptions Options { get; }

    public LogstashConnectionPool Connections { get; }

    /// <summary>Basic auth, when configured.</summary>
    public AuthenticationHeaderValue? Authorization { get; }

    /// <summary>
    /// Give up after N failed batches in a row (outermost), retry with backoff, stop retrying once given up, one attempt's
    /// timeout (innermost).
    /// </summary>
    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    // As Polly's own strategies do: AddStrategy validates the options by reflection, so they are kept whole.
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(GiveUpStrategyOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.All, typeof(GiveUpGateOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "All options members are preserved.")]
    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(LogstashOptions options, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.GiveUpAfterFailedBatches > 0)
        {
            var giveUp = new GiveUpStrategyOptions { AfterFailuresInARow = options.GiveUpAfterFailedBatches, IsFailure = IsDeliveryFailure };
            builder.AddStrategy(context => new GiveUpStrategy(giveUp, context.Telemetry, context.TimeProvider), giveUp);
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
            });
        }

        if (options.GiveUpAfterFailedBatches > 0) builder.AddStrategy(_ => new GiveUpGate(), new GiveUpGateOptions());
        return builder
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>Worth another attempt: 408, 429, 5xx, a timeout or a dropped or refused connection.</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
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

    public void Dispose() => Connections.Dispose();
}
