using System.Text.Json;

namespace ElbLogProcessor.Backfill;

/// <summary>One JSON progress line every <paramref name="interval"/> (CI, a log file: not a terminal), and one at the end.</summary>
internal sealed class JsonProgressView(TextWriter output, TimeSpan interval) : IProgressView
{
    public async Task ShowAsync(BackfillProgress progress, Task work)
    {
        while (await Task.WhenAny(work, Task.Delay(interval)).ConfigureAwait(false) != work)
            await WriteAsync(progress).ConfigureAwait(false);
        await WriteAsync(progress).ConfigureAwait(false);
    }

    private async Task WriteAsync(BackfillProgress progress)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(progress.Snapshot(), BackfillJsonContext.Default.ProgressSnapshot)).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }
}
