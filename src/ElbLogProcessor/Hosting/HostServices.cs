using Amazon.S3;
using Amazon.SQS;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting;

/// <summary>What <c>invoke</c> and the Lambda loop use: the invocation handler over its runs.</summary>
internal sealed class InvocationServices(InvocationHandler handler, RunFactory runs, Owned owned) : IDisposable
{
    public InvocationHandler Handler { get; } = handler;

    /// <summary>The runs the handler starts (one per object), for a command's live display.</summary>
    public RunFactory Runs { get; } = runs;

    /// <param name="host">The process's environment.</param>
    /// <param name="localRoot">Read <c>bucket/key</c> below this folder instead of S3 (<c>invoke --local-root</c>).</param>
    /// <param name="cancellationToken">Gives up the start.</param>
    /// <param name="requireLogstash">Inside Lambda: events must go to Logstash.</param>
    /// <param name="quietSummary">The summary is not logged: a person's ending stands for it (<c>invoke</c> on a terminal).</param>
    public static async Task<InvocationServices> StartAsync(HostSetup host, string? localRoot, CancellationToken cancellationToken,
        bool requireLogstash = false, bool quietSummary = false)
    {
        var start = await FunctionStart.LoadAsync(host, (localRoot is null ? AwsCalls.S3 : AwsCalls.None) | AwsCalls.HandOvers, cancellationToken,
            requireLogstash).ConfigureAwait(false);
        var owned = new Owned();
        var runs = owned.Add(start.Runs());
        IObjectStore store = localRoot is not null && host.ObjectStore is null ? new LocalObjectStore(localRoot) : start.ObjectStore(() => owned.Add(start.S3()));
        var handOvers = start.HandOverQueue(() => owned.Add(start.Sqs()));
        return new InvocationServices(start.Handler(runs, store, handOvers, quietSummary ? SummaryLogger.Quiet : runs.SummaryLogger, host.Log), runs, owned);
    }

    public void Dispose() => owned.Dispose();
}

/// <summary>What <c>backfill</c> uses to read objects here: S3 to list them, the store to read them, the runs to send them.</summary>
internal sealed class BackfillServices(IAmazonS3 s3, IObjectStore store, RunFactory runs, Owned owned) : IDisposable
{
    public IAmazonS3 S3 { get; } = s3;

    public IObjectStore Store { get; } = store;

    public RunFactory Runs { get; } = runs;

    public static async Task<BackfillServices> StartAsync(HostSetup host, CancellationToken cancellationToken)
    {
        var start = await FunctionStart.LoadAsync(host, AwsCalls.S3, cancellationToken).ConfigureAwait(false);
        var owned = new Owned();
        var s3 = owned.Add(start.S3());
        return new BackfillServices(s3, start.ObjectStore(() => s3), owned.Add(start.Runs()), owned);
    }

    public void Dispose() => owned.Dispose();
}

/// <summary>What <c>backfill --via-queue</c> uses: S3 to list the objects, SQS to send one message each to the function's queue.</summary>
internal sealed class FanOutServices(IAmazonS3 s3, IAmazonSQS sqs, Configuration.AwsOptions aws, Owned owned) : IDisposable
{
    public IAmazonS3 S3 { get; } = s3;

    public IAmazonSQS Sqs { get; } = sqs;

    /// <summary>Which buckets may be read (LOG_BUCKETS): the function would refuse the others.</summary>
    public Configuration.AwsOptions Aws { get; } = aws;

    public static async Task<FanOutServices> StartAsync(HostSetup host, CancellationToken cancellationToken)
    {
        var start = await FunctionStart.LoadAsync(host, AwsCalls.S3 | AwsCalls.Sqs, cancellationToken).ConfigureAwait(false);
        var owned = new Owned();
        return new FanOutServices(owned.Add(start.S3()), owned.Add(start.Sqs()), start.Options.Aws, owned);
    }

    public void Dispose() => owned.Dispose();
}

/// <summary>
/// What <c>replay</c> uses: SQS to read the failure queue (and, with <c>--via-queue</c>, to send to the function's), and
/// to replay here, a handler that logs nothing (replay reports every message in one ending) with the summary logger for that ending.
/// </summary>
internal sealed class ReplayServices(IAmazonSQS sqs, InvocationHandler handler, SummaryLogger summaryLogger, Configuration.AwsOptions aws, Owned owned)
    : IDisposable
{
    public IAmazonSQS Sqs { get; } = sqs;

    /// <summary>Which buckets may be read (LOG_BUCKETS): an event naming another is not replayed, not even through the function's queue.</summary>
    public Configuration.AwsOptions Aws { get; } = aws;

    public InvocationHandler QuietHandler { get; } = handler;

    public SummaryLogger SummaryLogger { get; } = summaryLogger;

    public static async Task<ReplayServices> StartAsync(HostSetup host, CancellationToken cancellationToken)
    {
        var start = await FunctionStart.LoadAsync(host, AwsCalls.S3 | AwsCalls.Sqs | AwsCalls.HandOvers, cancellationToken).ConfigureAwait(false);
        var owned = new Owned();
        var sqs = owned.Add(start.Sqs());
        var runs = owned.Add(start.Runs());
        var handler = start.Handler(runs, start.ObjectStore(() => owned.Add(start.S3())), start.HandOverQueue(() => sqs), SummaryLogger.Quiet, TextWriter.Null);
        return new ReplayServices(sqs, handler, runs.SummaryLogger, start.Options.Aws, owned);
    }

    public void Dispose() => owned.Dispose();
}

/// <summary>The clients and pools a host's services made, disposed with them.</summary>
internal sealed class Owned : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public T Add<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
    }
}
