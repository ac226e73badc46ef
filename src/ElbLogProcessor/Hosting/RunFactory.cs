using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Events.Ecs;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// Makes what each run (a command, one invocation, one object of a backfill) needs: a fresh summary, the sink
/// (Logstash, or NDJSON when none is configured), the event writer of the configured schema, and the pipeline
/// over them. Holds what outlives runs: the options and the pooled Logstash connections, made once per process.
/// </summary>
internal sealed class RunFactory : IDisposable
{
    private readonly HostSetup _host;
    private readonly LogstashDelivery? _logstash;
    private RunProgress? _progress;
    private readonly string[] _rules;
    private readonly LineFilter? _filter;

    public RunFactory(FunctionOptions options, HostSetup host)
    {
        _host = host;
        Options = options;
        SummaryLogger = new SummaryLogger(host.Log, options.MetricsNamespace, options.FunctionName, options.EmitMetrics);
        _logstash = options.Logstash is { } logstash ? new LogstashDelivery(logstash) : null;
        _rules = [.. options.Filters.Rules.Select(r => r.Text)];
        _filter = LineFilter.For(options.Filters);   // compiled once: it keeps no state, so every run's writer shares it
    }

    public FunctionOptions Options { get; }

    public SummaryLogger SummaryLogger { get; }

    /// <summary>Every run started from now on counts into <paramref name="progress"/> too (a command's live display).</summary>
    public void Watch(RunProgress progress) => _progress = progress;

    /// <param name="log">Where the pipeline writes errors; the host's log by default.</param>
    public PipelineRun StartRun(TextWriter? log = null)
    {
        var summary = new RunSummary { Rules = _rules };
        _progress?.Add(summary);
        IBatchSink sink = _logstash is { } logstash
            ? new DeliveryQueue(new LogstashClient(logstash, summary), logstash.Options, summary)
            : new NdjsonSink(_host.NdjsonOutput, summary);
        var pipeline = new LogPipeline(NewEventWriter(), sink, Options.Batches, summary, log ?? _host.Log);
        return new PipelineRun(summary, sink, pipeline, SummaryLogger);
    }

    /// <summary>The writer of the configured schema (EVENT_SCHEMA): one per run, as it keeps per-line scratch state.</summary>
    private IEventWriter NewEventWriter() => Options.Events.Schema == EventSchemaKind.Ecs
        ? new EcsEventWriter(Options.Events, Options.Envelope, _filter)
        : new ElbEventWriter(new EventEnvelope(Options.Envelope), _filter);

    public void Dispose() => _logstash?.Dispose();
}
