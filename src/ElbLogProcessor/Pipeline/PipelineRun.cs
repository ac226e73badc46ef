using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Pipeline;

/// <summary>
/// Everything with state that one run (one command, one Lambda invocation) needs: its
/// summary, its sink and the pipeline that feeds it. Made by the composition root for each
/// run and dropped with it; clients and connection pools outlive it.
/// </summary>
internal sealed class PipelineRun(RunSummary summary, IBatchSink sink, LogPipeline pipeline, SummaryLogger summaryLogger) : IAsyncDisposable
{
    public RunSummary Summary => summary;

    public LogPipeline Pipeline => pipeline;

    /// <summary>Waits until every batch is delivered or has definitely failed (or <paramref name="cancellationToken"/> gives up on them).</summary>
    public Task CompleteDeliveryAsync(CancellationToken cancellationToken) => sink.CompleteAsync(cancellationToken);

    /// <summary>Logs the summary (and its metrics twin); returns the summary JSON.</summary>
    public Task<string> LogSummaryAsync() => summaryLogger.LogAsync(summary);

    public ValueTask DisposeAsync() => sink.DisposeAsync();
}
