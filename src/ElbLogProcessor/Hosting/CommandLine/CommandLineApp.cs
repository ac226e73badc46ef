using System.CommandLine;
using System.CommandLine.Parsing;
using System.CommandLine.Help;

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
    /// <param name="host">The environment, stdout (NDJSON events) as its output and stderr (summaries, errors, progress) as its log.</param>
    /// <param name="console">Where help goes (stdout).</param>
    /// <param name="signals">Ctrl+C and SIGTERM (tests request them by hand).</param>
    /// <param name="isTerminal">A person watches stderr: progress is drawn live, endings are tables.</param>
    public static async Task<int> InvokeAsync(string[] args, HostSetup host, TextWriter console, StopSignals signals, bool isTerminal = false)
    {
        var context = new CommandContext(host, signals, isTerminal);
        var diagnostics = context.Diagnostics;
        var parsed = Build(context).Parse(args);
        if (parsed.Action is not HelpAction && UnknownOption(parsed) is { } unknown)
        {
            await diagnostics.WriteLineAsync($"error: unknown option '{unknown}' for {parsed.CommandResult.Command.Name} " +
                $"(usage: {Usage(parsed.CommandResult.Command)}; --help lists the options; -- before a file name that starts with -)").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            var usage = $"(usage: {Usage(parsed.CommandResult.Command)}; --help lists the options)";
            // "foo" as a command is one problem: that it is unknown, not also that no command was given.
            var errors = parsed.Errors.Count > 1 && parsed.UnmatchedTokens.Count > 0
                ? parsed.Errors.Where(e => e.Message.Contains(parsed.UnmatchedTokens[0], StringComparison.Ordinal)).ToList()
                : [.. parsed.Errors];
            foreach (var error in errors)
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
    /// A value given to a command's argument that looks like an option (<c>process --dry-run x.log</c>): System.CommandLine
    /// takes it for a file name, so the command would read <c>--dry-run</c> and go on with the rest. Before <c>--</c>, such a
    /// value is refused as a usage error, with nothing read or sent; after it, it is a name (<c>process -- -odd.log</c>).
    /// An option's own value (<c>--timeout-seconds -1</c>) is the option's to check.
    /// </summary>
    private static string? UnknownOption(ParseResult parsed)
    {
        int doubleDash = -1;
        for (int i = 0; i < parsed.Tokens.Count; i++)
            if (parsed.Tokens[i].Type == TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }

        var afterDoubleDash = doubleDash < 0 ? [] : parsed.Tokens.Skip(doubleDash + 1).Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var argument in parsed.CommandResult.Children.OfType<ArgumentResult>())
            foreach (var token in argument.Tokens)
                if (token.Value.Length > 1 && token.Value[0] == '-' && !afterDoubleDash.Contains(token.Value))
                    return token.Value;
        return null;
    }

    /// <summary><c>backfill &lt;location&gt; [options]</c>: a command's arguments, for a usage error's line.</summary>
    private static string Usage(Command command)
    {
        var arguments = command.Arguments.Where(a => !a.Hidden)
            .Select(a => a.Arity.MaximumNumberOfValues > 1 ? $"<{a.Name}>..." : $"<{a.Name}>");
        var subcommands = command.Subcommands.Count > 0 ? new[] { "<command>" } : [];
        return string.Join(' ', new[] { command is RootCommand ? "ElbLogProcessor" : command.Name }.Concat(subcommands).Concat(arguments)) +
               (command.Options.Count > 0 ? " [options]" : "");
    }

    private static RootCommand Build(CommandContext context) => new(
        "ElbLogProcessor: ships Elastic Load Balancing logs (classic, ALB, NLB; access, connection, health check) to a Logstash HTTP input. " +
        "Configured by environment variables (README, Configuration): LOGSTASH_URL and the LOGSTASH_* settings, " +
        "EVENT_SCHEMA (elb, the default, or ecs), the envelope's EVENT_TYPE, SOURCE_MODULE_NAME, COMPONENT, ENVIRONMENT, APPLICATION.")
    {
        ProcessCommand.Build(context), InvokeCommand.Build(context), BackfillCommand.Build(context), ReplayCommand.Build(context),
    };

    /// <summary><c>--json</c>: the ending as JSON lines, also on a terminal.</summary>
    public static Option<bool> JsonOption() => new("--json")
    {
        Description = "Write progress and the ending as JSON lines on stderr, also on a terminal (they are JSON whenever stderr is not one).",
    };
}
