namespace ElbLogProcessor.Summary;

/// <summary>
/// Writes a run's summary line and, where CloudWatch reads it (in Lambda, or with <c>EMIT_METRICS=true</c>),
/// its Embedded Metric Format twin to the log (stderr locally, the function log in Lambda), also when the
/// run failed: nothing is silent.
/// </summary>
internal sealed class SummaryLogger(TextWriter log, string metricsNamespace, string functionName, bool emitMetrics)
{
    /// <summary>Logs nothing: for a caller that shows the summary its own way (a person's ending, replay's totals).</summary>
    public static SummaryLogger Quiet { get; } = new(TextWriter.Null, metricsNamespace: "", functionName: "", emitMetrics: false);

    /// <summary>Logs the summary (and its metrics twin); returns the summary JSON.</summary>
    public async Task<string> LogAsync(RunSummary summary)
    {
        var json = summary.ToJson();
        await log.WriteLineAsync(json).ConfigureAwait(false);
        if (emitMetrics) await log.WriteLineAsync(summary.ToEmbeddedMetricsJson(metricsNamespace, functionName)).ConfigureAwait(false);
        await log.FlushAsync().ConfigureAwait(false);
        return json;
    }
}
