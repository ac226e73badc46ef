using System.CommandLine;
using ElbLogProcessor.Summary;

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
        var timeout = OptionValues.WholeNumber("--timeout-seconds", "The invocation's time budget (as Lambda's deadline; at most 900, as Lambda's).", 1, 900,
            () => 900, "SECONDS");
        var json = CommandLineApp.JsonOption();
        var command = new Command("invoke",
            "Run the Lambda handler locally on a sample event: objects from S3 (AWS_* variables, AWS_ENDPOINT_URL_S3) or " +
            "from --local-root; events to LOGSTASH_URL, or NDJSON to stdout. A JSON summary goes to stderr (on a terminal, a live " +
            "line while it works and a short ending instead).")
        {
            eventFile, localRoot, timeout, json,
        };
        context.SetAction(command, r => new InvokeCommand(context).RunAsync(r.GetValue(eventFile)!, r.GetValue(localRoot),
            TimeSpan.FromSeconds(r.GetValue(timeout)), r.GetValue(json)));
        return command;
    }

    public async Task<int> RunAsync(string eventPath, string? localRoot, TimeSpan timeout, bool json = false)
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

        if (localRoot is not null && !Directory.Exists(localRoot))
            return await context.UsageErrorAsync($"--local-root {localRoot}: no such directory").ConfigureAwait(false);
        if (NotAnEvent(eventPath, eventJson) is { } notAnEvent) return await context.UsageErrorAsync(notAnEvent).ConfigureAwait(false);

        // On a terminal the live line owns stderr while it is drawn: the handler's lines wait, and its errors are written after it.
        bool forPerson = context.IsTerminal && !json;
        var held = forPerson ? new StringWriter() : null;
        var host = held is null ? context.Host : context.Host with { Log = TextWriter.Synchronized(held) };
        using var services = await context.StartAsync((_, ct) => InvocationServices.StartAsync(host, localRoot, ct, quietSummary: forPerson)).ConfigureAwait(false);
        if (services is null)
        {
            if (held is not null) await context.Diagnostics.WriteAsync(held.ToString()).ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        var signals = context.Signals;
        var progress = new RunProgress();
        services.Runs.Watch(progress);
        if (!forPerson) context.SayStopping();
        var work = services.Handler.HandleAsync(eventJson, DateTimeOffset.UtcNow + timeout, signals.Abandon, signals.Stop);
        if (forPerson) await new LiveRunView(context.Diagnostics, "invoke", progress, signals).ShowAsync(work).ConfigureAwait(false);
        var result = await work.ConfigureAwait(false);

        string? ending = signals.StopRequested
            ? $"interrupted: {result.ErrorMessage ?? "every object was read before the stop"}"
            : result.Succeeded ? null : $"error: {result.Error}: {result.ErrorMessage}";
        if (held is not null)
        {
            // The handler's lines, held while the live line was drawn (its summary is the ending's); the ending does not say
            // again what one of them said.
            var lines = held.ToString();
            await context.Diagnostics.WriteAsync(lines).ConfigureAwait(false);
            if (!result.Succeeded && !signals.StopRequested && result.ErrorMessage is { Length: > 0 } said && lines.Contains(said, StringComparison.Ordinal))
                ending = $"error: {result.Error} (above)";
            var target = services.Runs.Options.Logstash?.Url.ToString() ?? "stdout";
            RunEnding.Of("invoke", result.Summary, "objects", target, signals.StopRequested, ending is null ? [] : [ending], []).Write(context.Diagnostics);
        }
        else if (ending is not null) await context.Diagnostics.WriteLineAsync(ending).ConfigureAwait(false);

        if (signals.StopRequested) return ExitCodes.Interrupted;
        return result.Succeeded ? ExitCodes.Succeeded : ExitCodes.SomethingNotDone;
    }

    /// <summary>
    /// Why the file is no invocation event at all (not JSON; a log file given by mistake), before anything is started:
    /// the handler would otherwise first ask for a Region. An event of JSON the handler cannot use is its to report.
    /// </summary>
    private static string? NotAnEvent(string path, string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.StartsWith("{") || trimmed.StartsWith("[")) return null;
        var head = System.Text.Encoding.UTF8.GetBytes(text[..Math.Min(text.Length, Parsing.ContentCheck.BytesLooked)]);
        var verdict = Parsing.ContentCheck.Inspect(head, wholeObject: head.Length == System.Text.Encoding.UTF8.GetByteCount(text), named: null);
        return verdict.Layout is not null && verdict.Foreign is null
            ? $"{path} is a log file, not an invocation event: 'process {path}' reads a log file; invoke takes an S3, SQS, SNS or " +
              "EventBridge event naming objects (samples in deploy/events/)"
            : $"{path} is not an invocation event (not JSON); invoke takes an S3, SQS, SNS or EventBridge event naming objects " +
              "(samples in deploy/events/)";
    }
}
