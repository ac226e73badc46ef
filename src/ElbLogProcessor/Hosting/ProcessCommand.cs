using ElbLogProcessor.Events;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// <c>process &lt;file&gt;...</c>: reads local log files (plain or gzip) and writes their events
/// as NDJSON, then one JSON summary line to the diagnostics writer.
/// </summary>
public sealed class ProcessCommand(Stream output, TextWriter diagnostics, Func<string, string?> getVariable)
{
    /// <returns>0 when every file was read to its end, 1 otherwise.</returns>
    public async Task<int> RunAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var summary = new RunSummary();
        var eventWriter = new EventWriter(EventEnvelope.FromEnvironment(getVariable));
        await using var sink = new NdjsonSink(output, summary);
        var pipeline = new LogPipeline(eventWriter, sink, BatchLimits.Default, summary);

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
        await diagnostics.WriteLineAsync(summary.ToJson()).ConfigureAwait(false);
        await diagnostics.FlushAsync(cancellationToken).ConfigureAwait(false);
        return allRead ? 0 : 1;
    }
}
