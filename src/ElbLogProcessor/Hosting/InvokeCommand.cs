using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// <c>invoke &lt;event.json&gt; [--local-root DIR]</c>: runs the Lambda handler locally on a sample
/// event, against S3 (the usual AWS variables) or, with --local-root, against <c>DIR/bucket/key</c>.
/// </summary>
public sealed class InvokeCommand(Stream output, TextWriter diagnostics, Func<string, string?> getVariable)
{
    public async Task<int> RunAsync(string eventPath, string? localRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Settings settings;
        try
        {
            settings = await Settings.LoadAsync(getVariable, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            await diagnostics.WriteLineAsync($"configuration error: {e.Message}").ConfigureAwait(false);
            return ProcessCommand.BadConfiguration;
        }

        string eventJson;
        try
        {
            eventJson = await File.ReadAllTextAsync(eventPath, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await diagnostics.WriteLineAsync($"error: {eventPath}: {e.Message}").ConfigureAwait(false);
            return ProcessCommand.SomethingNotDone;
        }

        using var clients = new FunctionClients(settings, localRoot is null ? null : new LocalObjectStore(localRoot), output, diagnostics);
        var result = await clients.Processor.HandleAsync(eventJson, DateTimeOffset.UtcNow + timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            await diagnostics.WriteLineAsync($"error: {result.ErrorType}: {result.ErrorMessage}").ConfigureAwait(false);
        return result.Succeeded ? ProcessCommand.Succeeded : ProcessCommand.SomethingNotDone;
    }
}
