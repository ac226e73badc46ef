using ElbLogProcessor.Events;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// <c>process &lt;file&gt;...</c>: reads local log files (plain or gzip) and ships their events
/// to <c>LOGSTASH_URL</c>, or writes them as NDJSON when it is not set; then logs the summary
/// and the embedded-metrics record to the diagnostics writer.
/// </summary>
public sealed class ProcessCommand(Stream output, TextWriter diagnostics, Func<string, string?> getVariable)
{
    public const int Succeeded = 0;
    public const int SomethingNotDone = 1;
    public const int BadConfiguration = 2;

    /// <returns>0 when every file was read to its end and every event delivered; 1 otherwise; 2 for bad configuration.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        Settings settings;
        try
        {
            settings = await Settings.LoadAsync(getVariable, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            await diagnostics.WriteLineAsync($"configuration error: {e.Message}").ConfigureAwait(false);
            return BadConfiguration;
        }

        var summary = new RunSummary();
        using var client = settings.Logstash is { } logstash ? LogstashHttp.CreateClient(logstash) : null;
        await using var sink = IBatchSink.Create(settings.Logstash, client, output, summary);
        var pipeline = new LogPipeline(new EventWriter(settings.Envelope), sink, settings.Batches, summary);

        bool allRead = true;
        foreach (var path in paths)
        {
            try
            {
                // No FileStream buffer: the line reader reads in large blocks already.
                var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
                await pipeline.ProcessAsync(file, LogSource.ForFile(path), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is LogReadException or IOException or UnauthorizedAccessException)
            {
                allRead = false;
                string message = e is LogReadException ? e.Message : $"{path}: {e.Message}";
                summary.RecordFailure(message);
                await diagnostics.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            }
        }

        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await summary.LogAsync(diagnostics, settings.MetricsNamespace, settings.FunctionName).ConfigureAwait(false);
        if (summary.EventsFailed > 0)
            await diagnostics.WriteLineAsync($"error: {summary.EventsFailed} of {summary.Events} events were not delivered")
                .ConfigureAwait(false);
        await diagnostics.FlushAsync(cancellationToken).ConfigureAwait(false);
        return allRead && summary.EventsFailed == 0 ? Succeeded : SomethingNotDone;
    }
}
