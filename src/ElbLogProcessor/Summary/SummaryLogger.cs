namespace ElbLogProcessor.Summary;

/// <summary>
/// Writes a run's summary line and its CloudWatch Embedded Metric Format twin to the log
/// (stderr locally, the function log in Lambda), also when the run failed: nothing is silent.
/// </summary>
internal sealed class SummaryLogger(TextWriter log, string metricsNamespace, string functionName)
{
    /// <summary>Logs both lines; returns the summary JSON.</summary>
    public async Task<string> LogAsync(RunSummary summary)
    {
        var json = summary.ToJson();
        await log.WriteLineAsync(json).ConfigureAwait(false);
        await log.WriteLineAsync(summary.ToEmbeddedMetricsJson(metricsNamespace, functionName)).ConfigureAwait(false);
        await log.FlushAsync().ConfigureAwait(false);
        return json;
    }
}
