using System.CommandLine;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>The command-line face of the executable (when not running inside Lambda).</summary>
internal static class CommandLineApp
{
    /// <summary>Parses <paramref name="args"/> and runs the command; help and usage errors go to <paramref name="console"/>.</summary>
    public static Task<int> InvokeAsync(string[] args, Stream output, TextWriter diagnostics, TextWriter console,
        Func<string, string?> getVariable) =>
        Build(new CommandContext(output, diagnostics, getVariable)).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = console, Error = diagnostics });

    private static RootCommand Build(CommandContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Access-log files: classic ELB, ALB or NLB; plain or gzip (detected by content).",
            Arity = ArgumentArity.OneOrMore,
        };
        var process = new Command("process",
            "Parse access-log files and write one JSON event per non-blank line as NDJSON to stdout; " +
            "a JSON summary goes to stderr. Exit code 0 when every file was read to its end.")
        {
            files,
        };
        process.SetAction((parseResult, cancellationToken) =>
            new ProcessCommand(context).RunAsync(parseResult.GetValue(files)!, cancellationToken));

        var eventFile = new Argument<string>("event") { Description = "An invocation event JSON file (S3, SQS, SNS, EventBridge, continuation)." };
        var localRoot = new Option<string?>("--local-root")
        {
            Description = "Resolve bucket/key to DIR/bucket/key on disk instead of reading S3.",
            HelpName = "DIR",
        };
        var timeout = new Option<int>("--timeout-seconds")
        {
            Description = "The invocation's time budget (as Lambda's deadline).",
            DefaultValueFactory = _ => 900,
        };
        var invoke = new Command("invoke",
            "Run the Lambda handler locally on a sample event: objects from S3 (AWS_* variables, AWS_ENDPOINT_URL_S3) or " +
            "from --local-root; events to LOGSTASH_URL, or NDJSON to stdout.")
        {
            eventFile, localRoot, timeout,
        };
        invoke.SetAction((parseResult, cancellationToken) =>
            new InvokeCommand(context).RunAsync(parseResult.GetValue(eventFile)!, parseResult.GetValue(localRoot),
                TimeSpan.FromSeconds(parseResult.GetValue(timeout)), cancellationToken));

        return new RootCommand(
            "ElbLogProcessor: ships Elastic Load Balancing access logs (classic, ALB, NLB) to a Logstash HTTP input. " +
            "Envelope fields come from EVENT_TYPE, SOURCE_MODULE_NAME, COMPONENT, ENVIRONMENT, APPLICATION.")
        {
            process, invoke,
        };
    }
}
