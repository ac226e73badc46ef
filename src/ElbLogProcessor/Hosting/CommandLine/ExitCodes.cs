using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Hosting.CommandLine;

/// <summary>The exit codes of every command (README, Run it).</summary>
internal static class ExitCodes
{
    /// <summary>Everything was read to its end and every event delivered.</summary>
    public const int Succeeded = 0;

    /// <summary>Something was not done: a source not read, an event not delivered, a service that failed; the message says what.</summary>
    public const int SomethingNotDone = 1;

    /// <summary>The configuration, the environment or the command line is wrong; nothing was done. The message names what to fix.</summary>
    public const int BadConfiguration = 2;

    /// <summary>Stopped by Ctrl+C (SIGINT) or SIGTERM, after delivering what was read and writing the summary (as shells report SIGINT).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a failure a person can act on (<see cref="FailureCause"/>): 2 when it is the configuration's, else 1.</summary>
    public static int Of(Exception failure) => FailureCause.IsConfiguration(failure) ? BadConfiguration : SomethingNotDone;
}
