using System.CommandLine;
using System.CommandLine.Help;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>
/// The command-line face of the executable (when not running inside Lambda). Every command runs
/// guarded: a failure a person can act on is one line and exit code 1 (2 for configuration), a
/// defect its stack trace with a request to report it; a command line that does not parse is one
/// line per problem and exit code 2, without the help text.
/// </summary>
internal static class CommandLineApp
{
    /// <summary>Parses <paramref name="args"/> and runs the command; help goes to <paramref name="console"/>.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where NDJSON events go (stdout).</param>
    /// <param name="diagnostics">Where summaries, errors and progress go (stderr).</param>
    /// <param name="console">Where help goes (stdout).</param>
    /// <param name="getVariable">The environment.</param>
    /// <param name="signals">Ctrl+C and SIGTERM (tests request them by hand).</param>
    /// <param name="isTerminal">A person watches <paramref name="diagnostics"/>: progress is drawn live, endings are tables.</param>
    public static async Task<int> InvokeAsync(string[] args, Stream output, TextWriter diagnostics, TextWriter console,
        Func<string, string?> getVariable, StopSignals signals, bool isTerminal = false)
    {
        var context = new CommandContext(output, diagnostics, getVariable, signals, isTerminal);
        var parsed = Build(context).Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            var usage = $"(usage: {Usage(parsed.CommandResult.Command)}; --help lists the options)";
            foreach (var error in parsed.Errors)
                await diagnostics.WriteLineAsync(error.Message.StartsWith("--", StringComparison.Ordinal)
                    ? $"error: {error.Message}"     // a typed option's own line (OptionValues)
                    : $"error: {error.Message} {usage}").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        // No termination handler of System.CommandLine's: StopSignals stops in two steps and never ends the process itself.
        return await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = console,
            Error = diagnostics,
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a command: a failure a person can act on that no command caught with more context is still one
    /// line; anything else is a defect, reported as such.
    /// </summary>
    private static async Task<int> GuardedAsync(CommandContext context, Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.Signals.StopRequested)
        {
            await context.Diagnostics.WriteLineAsync("interrupted: stopped before anything was sent").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (FailureCause.Of(e) is { } cause)
        {
            await context.Diagnostics.WriteLineAsync(e is ConfigurationException ? $"configuration error: {cause}" : $"error: {cause}")
                .ConfigureAwait(false);
            return ExitCodes.Of(e);
        }
        catch (Exception e)
        {
            await context.Diagnostics.WriteLineAsync(DefectReport.Text(e)).ConfigureAwait(false);
            return ExitCodes.SomethingNotDone;
        }
    }

    private static void SetAction(Command command, CommandContext context, Func<ParseResult, Task<int>> run) =>
        command.SetAction((parseResult, _) => GuardedAsync(context, () => run(parseResult)));

    /// <summary><c>backfill &lt;location&gt; [options]</c>: a command's arguments, for a usage error's line.</summary>
    private static string Usage(Command command)
    {
        var arguments = command.Arguments.Where(a => !a.Hidden)
            .Select(a => a.Arity.MaximumNumberOfValues > 1 ? $"<{a.Name}>..." : $"<{a.Name}>");
        var subcommands = command.Subcommands.Count > 0 ? new[] { "<command>" } : [];
        return string.Join(' ', new[] { command is RootCommand ? "ElbLogProcessor" : command.Name }.Concat(subcommands).Concat(arguments)) +
               (command.Options.Count > 0 ? " [options]" : "");
    }

    private static RootCommand Build(CommandContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Log files: classic ELB, ALB or NLB access logs, ALB connection or health check logs; plain or gzip (detected by content).",
            Arity = ArgumentArity.OneOrMore,
        };
        var process = new Command("process",
            "Parse log files and write one JSON event per non-blank line as NDJSON to stdout (or send them to LOGSTASH_URL); " +
            "a JSON summary goes to stderr. Exit code 0 when every file was read to its end and every event delivered. " +
            "Ctrl+C stops at the next batch and delivers what was read (exit code 130).")
        {
            files,
        };
        SetAction(process, context, r => new ProcessCommand(context).RunAsync(r.GetValue(files)!));

        var eventFile = new Argument<string>("event") { Description = "An invocation event JSON file (S3, SQS, SNS, EventBridge, continuation)." };
        var localRoot = new Option<string?>("--local-root")
        {
            Description = "Resolve bucket/key to DIR/bucket/key on disk instead of reading S3.",
            HelpName = "DIR",
        };
        var timeout = OptionValues.WholeNumber("--timeout-seconds", "The invocation's time budget (as Lambda's deadline).", 1, 86_400,
            () => 900, "SECONDS");
        var invoke = new Command("invoke",
            "Run the Lambda handler locally on a sample event: objects from S3 (AWS_* variables, AWS_ENDPOINT_URL_S3) or " +
            "from --local-root; events to LOGSTASH_URL, or NDJSON to stdout.")
        {
            eventFile, localRoot, timeout,
        };
        SetAction(invoke, context, r => new InvokeCommand(context).RunAsync(r.GetValue(eventFile)!, r.GetValue(localRoot),
            TimeSpan.FromSeconds(r.GetValue(timeout))));

        return new RootCommand(
            "ElbLogProcessor: ships Elastic Load Balancing logs (classic, ALB, NLB; access, connection, health check) to a Logstash HTTP input. " +
            "Configured by environment variables (README, Configuration): LOGSTASH_URL and the LOGSTASH_* settings, " +
            "EVENT_SCHEMA (elb, the default, or ecs), the envelope's EVENT_TYPE, SOURCE_MODULE_NAME, COMPONENT, ENVIRONMENT, APPLICATION.")
        {
            process, invoke, Backfill(context), Replay(context),
        };
    }

    /// <summary><c>--json</c>: the ending as JSON lines, also on a terminal.</summary>
    private static Option<bool> JsonOption() => new("--json")
    {
        Description = "Write progress and the ending as JSON lines on stderr, also on a terminal (they are JSON whenever stderr is not one).",
    };

    private static Command Backfill(CommandContext context)
    {
        var location = new Argument<string>("location") { Description = "s3://bucket/prefix: the objects to send (prefix optional)." };
        var from = OptionValues.Day("--from", "First UTC day of ELB's yyyy/mm/dd key folders to send; only those days are listed.");
        var to = OptionValues.Day("--to", "Last UTC day (inclusive); today by default.");
        var include = new Option<string[]>("--include") { Description = "Send only file names matching this glob (repeatable), e.g. 'conn_log_*'.", HelpName = "GLOB" };
        var exclude = new Option<string[]>("--exclude") { Description = "Do not send file names matching this glob (repeatable).", HelpName = "GLOB" };
        var parallel = OptionValues.WholeNumber("--parallel", "Objects read at once (each through the function's bounded shipper).", 1, 64,
            () => Environment.ProcessorCount);
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
        var interval = OptionValues.Seconds("--progress-interval", "Seconds between JSON progress lines when stderr is not a terminal.", 0.1, 3600, 5);
        var results = new Option<string?>("--results")
        {
            Description = "Write every object's result to this file, one JSON line each (the ending lists only the first of those not completed).",
            HelpName = "FILE",
        };
        var json = JsonOption();
        var command = new Command("backfill",
            "Send what is already in a bucket: list the objects under s3://bucket/prefix (optionally only some days and file names) and " +
            "read them here, several at once, with a live progress display and a resumable --state; or fan them out to the deployed " +
            "function with --via-queue. Ctrl+C stops reading, delivers what was read and writes the state (exit code 130).")
        {
            location, from, to, include, exclude, parallel, state, dryRun, viaQueue, interval, results, json,
        };
        SetAction(command, context, r => new BackfillCommand(context).RunAsync(new BackfillArguments(
            r.GetValue(location)!, r.GetValue(from), r.GetValue(to), r.GetValue(include) ?? [], r.GetValue(exclude) ?? [], r.GetValue(parallel),
            r.GetValue(state), r.GetValue(dryRun), r.GetValue(viaQueue), TimeSpan.FromSeconds(r.GetValue(interval)), r.GetValue(results),
            r.GetValue(json))));
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
        var max = OptionValues.WholeNumber("--max-messages", "Read at most this many messages.", 1, 1_000_000, () => 10_000);
        var json = JsonOption();
        var command = new Command("replay",
            "Replay failed invocations: read the on-failure destination queue and process each record's original event here " +
            "(or send it to the function with --via-queue); a message is deleted only once its event was fully delivered.")
        {
            queue, viaQueue, max, json,
        };
        SetAction(command, context, r =>
            new ReplayCommand(context).RunAsync(r.GetValue(queue)!, r.GetValue(viaQueue), r.GetValue(max), r.GetValue(json)));
        return command;
    }
}
