using System.CommandLine;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// <c>invoke &lt;event.json&gt; [--local-root DIR]</c>: runs the Lambda handler locally on a sample
/// event, against S3 (the usual AWS variables) or, with --local-root, against <c>DIR/bucket/key</c>.
/// Ctrl+C stops as <c>process</c> does: at the next batch boundary, after delivering what was read.
/// </summary>
internal sealed class InvokeCommand(CommandContext context)
{
    public static Command Build(CommandContext context)
    {
        var eventFile = new Argument<string>("event") { Description = "An invocation event JSON file (S3, SQS, SNS, EventBridge, continuation)." };
        var localRoot = new Option<string?>("--local-root")
        {
            Description = "Resolve bucket/key to DIR/bucket/key on disk instead of reading S3.",
            HelpName = "DIR",
        };
        var timeout = OptionValues.WholeNumber("--timeout-seconds", "The invocation's time budget (as Lambda's deadline).", 1, 86_400,
            () => 900, "SECONDS");
        var command = new Command("invoke",
            "Run the Lambda handler locally on a sample event: objects from S3 (AWS_* variables, AWS_ENDPOINT_URL_S3) or " +
            "from --local-root; events to LOGSTASH_URL, or NDJSON to stdout.")
        {
            eventFile, localRoot, timeout,
        };
        context.SetAction(command, r => new InvokeCommand(context).RunAsync(r.GetValue(eventFile)!, r.GetValue(localRoot),
            TimeSpan.FromSeconds(r.GetValue(timeout))));
        return command;
    }

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

        using var services = await context.StartAsync((host, ct) => InvocationServices.StartAsync(host, localRoot, ct)).ConfigureAwait(false);
        if (services is null) return ExitCodes.BadConfiguration;

        context.SayStopping();
        var signals = context.Signals;
        var result = await services.Handler.HandleAsync(eventJson, DateTimeOffset.UtcNow + timeout, signals.Abandon, signals.Stop)
            .ConfigureAwait(false);
        if (signals.StopRequested)
        {
            await context.Diagnostics.WriteLineAsync($"interrupted: {result.ErrorMessage ?? "every object was read before the stop"}").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }

        if (!result.Succeeded)
            await context.Diagnostics.WriteLineAsync($"error: {result.Error}: {result.ErrorMessage}").ConfigureAwait(false);
        return result.Succeeded ? ExitCodes.Succeeded : ExitCodes.SomethingNotDone;
    }
}
