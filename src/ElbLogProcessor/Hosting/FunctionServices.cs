using Amazon.S3;
using Amazon.SQS;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Events.Ecs;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// The composition root, used by every host (the <c>process</c> and <c>invoke</c> commands,
/// the Lambda loop): loads and checks the configuration and the AWS environment once, makes
/// the clients a process keeps for all its runs (S3, SQS, the pooled Logstash connections), and
/// builds what each run needs (summary, sink, pipeline) and the invocation handler.
/// </summary>
internal sealed class FunctionServices : IDisposable
{
    private readonly HostSetup _setup;
    private readonly LogstashConnectionPool? _logstash;
    private readonly IDisposable?[] _owned;

    private FunctionServices(HostSetup setup, FunctionOptions options, IObjectStore? store, IContinuationQueue? continuations,
        LogstashConnectionPool? logstash, IAmazonS3? s3, IAmazonSQS? sqs)
    {
        _setup = setup;
        Options = options;
        S3 = s3;
        Sqs = sqs;
        _logstash = logstash;
        _owned = [logstash, s3, sqs];
        SummaryLogger = new SummaryLogger(setup.Log, options.MetricsNamespace, options.FunctionName, options.EmitMetrics);
        ObjectStore = store;
        _continuations = continuations;
        if (store is not null) InvocationHandler = NewInvocationHandler(SummaryLogger, setup.Log);
    }

    private readonly IContinuationQueue? _continuations;

    public FunctionOptions Options { get; }

    public SummaryLogger SummaryLogger { get; }

    /// <summary>The S3 client (listing, reading); null when objects are not read from S3.</summary>
    public IAmazonS3? S3 { get; }

    /// <summary>The SQS client (continuations, backfill --via-queue, replay); null when none is needed.</summary>
    public IAmazonSQS? Sqs { get; }

    /// <summary>Where objects are read from; null for a host that reads none.</summary>
    public IObjectStore? ObjectStore { get; }

    /// <summary>The Lambda handler; null for a host that reads no objects.</summary>
    public InvocationHandler? InvocationHandler { get; }

    /// <summary>
    /// Loads the options (environment variables, then secrets from SSM), checks the AWS Region
    /// and credentials when AWS will be called, and makes the clients.
    /// </summary>
    /// <exception cref="ConfigurationException">Something a person must fix; the message says what.</exception>
    public static async Task<FunctionServices> StartAsync(HostSetup setup, CancellationToken cancellationToken)
    {
        var options = FunctionOptions.Load(setup.GetVariable);
        if (setup.RequireLogstash && options.Logstash is null)
            throw new ConfigurationException(LogstashOptions.UrlVariable, "is required in Lambda");

        bool readsS3 = setup.Objects == ObjectSource.S3 && setup.ObjectStore is null;
        bool sendsContinuations = options.HandOver.ContinuationQueueUrl is not null && setup.ContinuationQueue is null;
        bool usesSqs = sendsContinuations || setup.UsesSqs;
        bool readsSsm = SecretReader.HasReferences(options.Logstash) && setup.Ssm is null;
        var aws = readsS3 || usesSqs || readsSsm
            ? AwsEnvironment.Find(setup.GetVariable,
                needsRegion: (readsS3 && options.Aws.S3Endpoint is null) || (usesSqs && options.Aws.SqsEndpoint is null) || readsSsm, setup.Credentials)
            : null;

        if (SecretReader.HasReferences(options.Logstash))
        {
            var logstash = options.Logstash!;
            var ssm = setup.Ssm ?? aws!.CreateSsm();
            try
            {
                options = options with { Logstash = await SecretReader.ResolveAsync(logstash, ssm, cancellationToken).ConfigureAwait(false) };
            }
            finally
            {
                if (setup.Ssm is null) ssm.Dispose();
            }
        }

        IAmazonS3? s3 = readsS3 ? aws!.CreateS3(options.Aws) : null;
        IAmazonSQS? sqs = usesSqs ? aws!.CreateSqs(options.Aws) : null;
        var store = setup.ObjectStore ?? setup.Objects switch
        {
            ObjectSource.S3 => new S3ObjectStore(s3!),
            ObjectSource.LocalFolder => new LocalObjectStore(setup.LocalRoot ?? throw new ArgumentException("LocalRoot is required", nameof(setup))),
            _ => (IObjectStore?)null,
        };
        var continuations = setup.ContinuationQueue ??
                            (sendsContinuations ? new SqsContinuationQueue(sqs!, options.HandOver.ContinuationQueueUrl!.ToString()) : null);
        var connections = options.Logstash is { } o ? new LogstashConnectionPool(o) : null;
        return new FunctionServices(setup, options, store, continuations, connections, s3, sqs);
    }

    /// <summary>
    /// A handler that logs nothing (no summary, no error lines), for a host that reports the results itself
    /// (replay: one ending for all its messages, from each result's <see cref="InvocationResult.Summary"/>).
    /// </summary>
    public InvocationHandler QuietInvocationHandler() =>
        NewInvocationHandler(new SummaryLogger(TextWriter.Null, Options.MetricsNamespace, Options.FunctionName, emitMetrics: false), TextWriter.Null);

    private InvocationHandler NewInvocationHandler(SummaryLogger summaryLogger, TextWriter log) =>
        new(() => StartRun(log), new ObjectReader(ObjectStore ?? throw new InvalidOperationException("no object store")),
            Options.HandOver, _continuations, summaryLogger, log, _setup.DeadlineClock);

    /// <summary>What one run needs: a fresh summary, the sink (Logstash, or NDJSON when none is configured) and the pipeline.</summary>
    /// <param name="log">Where the pipeline writes errors; the host's log by default.</param>
    public PipelineRun StartRun(TextWriter? log = null)
    {
        var summary = new RunSummary();
        IBatchSink sink = Options.Logstash is { } logstash
            ? new DeliveryQueue(new LogstashClient(_logstash!, logstash, summary), logstash, summary)
            : new NdjsonSink(_setup.NdjsonOutput, summary);
        var pipeline = new LogPipeline(NewEventWriter(), sink, Options.Batches, summary, log ?? _setup.Log);
        return new PipelineRun(summary, sink, pipeline, SummaryLogger);
    }

    /// <summary>The writer of the configured schema (EVENT_SCHEMA): one per run, as it keeps per-line scratch state.</summary>
    private IEventWriter NewEventWriter() => Options.Events.Schema == EventSchemaKind.Ecs
        ? new EcsEventWriter(Options.Events, Options.Envelope)
        : new ElbEventWriter(new EventEnvelope(Options.Envelope));

    public void Dispose()
    {
        foreach (var owned in _owned) owned?.Dispose();
    }
}
