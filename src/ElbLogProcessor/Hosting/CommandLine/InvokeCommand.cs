namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>invoke &lt;event.json&gt; [--local-root DIR]</c>: runs the Lambda handler locally on a sample
/// event, against S3 (the usual AWS variables) or, with --local-root, against <c>DIR/bucket/key</c>.
/// Ctrl+C stops as <c>process</c> does: at the next batch boundary, after delivering what was read.
/// </summary>
internal sealed class InvokeCommand(CommandContext context)
{
    public async Task<int> RunAsync(string eventPath, string? localRoot, TimeSpan timeout)
    {
        string eventJson;
        try
        {
            eventJson = await File.ReadAllTextAsync(eventPath).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Diagnostics.WriteLineAsync($"error: {eventPath}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.SomethingNotDone;
        }

        using var services = await context.StartAsync(localRoot is null ? ObjectSource.S3 : ObjectSource.LocalFolder, localRoot,
            CancellationToken.None).ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        context.SayStopping();
        var signals = context.Signals;
        var result = await services.InvocationHandler!.HandleAsync(eventJson, DateTimeOffset.UtcNow + timeout, signals.Abandon, signals.Stop)
            .ConfigureAwait(false);
        if (signals.StopRequested)
        {
            await context.Diagnostics.WriteLineAsync($"interrupted: {result.ErrorMessage ?? "every object was read before the stop"}").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        if (!result.Succeeded)
            await context.Diagnostics.WriteLineAsync($"error: {result.ErrorType}: {result.ErrorMessage}").ConfigureAwait(false);
        return result.Succeeded ? ExitCodes.Succeeded : ExitCodes.SomethingNotDone;
    }
}
