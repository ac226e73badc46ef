namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>invoke &lt;event.json&gt; [--local-root DIR]</c>: runs the Lambda handler locally on a sample
/// event, against S3 (the usual AWS variables) or, with --local-root, against <c>DIR/bucket/key</c>.
/// </summary>
internal sealed class InvokeCommand(CommandContext context)
{
    public async Task<int> RunAsync(string eventPath, string? localRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string eventJson;
        try
        {
            eventJson = await File.ReadAllTextAsync(eventPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Diagnostics.WriteLineAsync($"error: {eventPath}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.SomethingNotDone;
        }

        using var services = await context.StartAsync(localRoot is null ? ObjectSource.S3 : ObjectSource.LocalFolder, localRoot,
            cancellationToken).ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        var result = await services.InvocationHandler!.HandleAsync(eventJson, DateTimeOffset.UtcNow + timeout, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
            await context.Diagnostics.WriteLineAsync($"error: {result.ErrorType}: {result.ErrorMessage}").ConfigureAwait(false);
        return result.Succeeded ? ExitCodes.Succeeded : ExitCodes.SomethingNotDone;
    }
}
