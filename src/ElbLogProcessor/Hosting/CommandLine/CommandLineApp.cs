using System.CommandLine;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>The command-line face of the executable (when not running inside Lambda).</summary>
internal static class CommandLineApp
{
    /// <summary>
    /// Ctrl+C (SIGINT, SIGTERM) cancels the command's token; a backfill then stops reading, delivers
    /// what it read and writes its state, which may take this long before the process is ended.
    /// </summary>
    private static readonly TimeSpan GracefulStop = TimeSpan.FromMinutes(5);

    /// <summary>Parses <paramref name="args"/> and runs the command; help and usage errors go to <paramref name="console"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where NDJSON events go (stdout).</param>
    /// <param name="diagnostics">Where summaries, errors and progress go (stderr).</param>
    /// <param name="console">Where help goes (stdout).</param>
    /// <param name="getVariable">The environment.</param>
    /// <param name="isTerminal">A person watches <paramref name="diagnostics"/>: progress is drawn live.</param>
    /// <param name="interrupt">Stands for Ctrl+C (tests).</param>
    public static Task<int> InvokeAsync(string[] args, Stream output, TextWriter diagnostics, TextWriter console,
        Func<string, string?> getVariable, bool isTerminal = false, CancellationToken interrupt = default) =>
        Build(new CommandContext(output, diagnostics, getVariable, isTerminal)).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = console, Error = diagnostics, ProcessTerminationTimeout = GracefulStop }, interrupt);

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
            "ElbLogProcessor: ships Elastic Load Balancing logs (classic, ALB, NLB; access, connection, health check) to a Logstash HTTP input. " +
            "Envelope fields come from EVENT_TYPE, SOURCE_MODULE_NAME, COMPONENT, ENVIRONMENT, APPLICATION.")
        {
            process, invoke, Backfill(context), Replay(context),
        };
    }

    private static Command Backfill(CommandContext context)
    {
        var location = new Argument<string>("location") { Description = "s3://bucket/prefix: the objects to send (prefix optional)." };
        var from = new Option<DateOnly?>("--from") { Description = "First UTC day (yyyy-mm-dd) of ELB's yyyy/mm/dd key folders to send; only those days are listed.", HelpName = "DAY" };
        var to = new Option<DateOnly?>("--to") { Description = "Last UTC day (inclusive); today by default.", HelpName = "DAY" };
        var include = new Option<string[]>("--include") { Description = "Send only file names matching this glob (repeatable), e.g. 'conn_log_*'.", HelpName = "GLOB" };
        var exclude = new Option<string[]>("--exclude") { Description = "Do not send file names matching this glob (repeatable).", HelpName = "GLOB" };
        var parallel = new Option<int>("--parallel")
        {
            Description = "Objects read at once (each through the function's bounded shipper).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        parallel.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--parallel must be from 1 to 64");
        });
        var state = new Option<string?>("--state")
        {
            Description = "Checkpoint file: finished objects (with their ETag) are recorded as they finish, and skipped when run again.",
            HelpName = "FILE",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be sent (objects, bytes) and stop." };
        var viaQueue = new Option<string?>("--via-queue")
        {
            Description = "Send one message per object to this SQS queue (the deployed function's), instead of reading them here.",
            HelpName = "QUEUE_URL",
        };
        var interval = new Option<double>("--progress-interval")
        {
            Description = "Seconds between JSON progress lines when stderr is not a terminal.",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("backfill",
            "Send what is already in a bucket: list the objects under s3://bucket/prefix (optionally only some days and file names) and " +
            "read them here, several at once, with a live progress display and a resumable --state; or fan them out to the deployed " +
            "function with --via-queue. Ctrl+C stops reading, delivers what was read and writes the state.")
        {
            location, from, to, include, exclude, parallel, state, dryRun, viaQueue, interval,
        };
        command.SetAction((r, cancellationToken) => new BackfillCommand(context).RunAsync(new BackfillArguments(
            r.GetValue(location)!, r.GetValue(from), r.GetValue(to), r.GetValue(include) ?? [], r.GetValue(exclude) ?? [], r.GetValue(parallel),
            r.GetValue(state), r.GetValue(dryRun), r.GetValue(viaQueue), TimeSpan.FromSeconds(r.GetValue(interval))), cancellationToken));
        return command;
    }

    private static Command Replay(CommandContext context)
    {
        var queue = new Argument<string>("queue") { Description = "The function's on-failure destination queue (SQS URL)." };
        var viaQueue = new Option<string?>("--via-queue")
        {
            Description = "Send each original event to this SQS queue (the deployed function's) instead of processing it here.",
            HelpName = "QUEUE_URL",
        };
        var max = new Option<int>("--max-messages") { Description = "Read at most this many messages.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("replay",
            "Replay failed invocations: read the on-failure destination queue and process each record's original event here " +
            "(or send it to the function with --via-queue); a message is deleted only once its event was fully delivered.")
        {
            queue, viaQueue, max,
        };
        command.SetAction((r, cancellationToken) =>
            new ReplayCommand(context).RunAsync(r.GetValue(queue)!, r.GetValue(viaQueue), r.GetValue(max), cancellationToken));
        return command;
    }
}
