using System.Reflection;
using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// What a host says of a failure that is nobody's input or configuration but a defect of this program:
/// one line saying so and asking to report it, then the exception with its stack trace, which a
/// maintainer needs. Failures a person can act on never come here (<see cref="FailureCause"/>).
/// </summary>
internal static class DefectReport
{
    public static string Version { get; } =
        typeof(DefectReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The line that asks for a report, naming the version.</summary>
    public static string Headline(Exception defect) =>
        $"error: an unexpected failure, a defect of ElbLogProcessor {Version} (not of your input or configuration): " +
        $"{defect.GetType().Name}: {defect.Message.Split('\n', 2)[0].Trim()}. Please report it with the command you ran and the text below.";

    /// <summary>The headline, then the exception as .NET writes it (type, message, stack trace, inner exceptions).</summary>
    public static string Text(Exception defect) => $"{Headline(defect)}\n{defect}";
}
