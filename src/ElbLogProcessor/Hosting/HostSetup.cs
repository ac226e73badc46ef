using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// What the process gives every host (a command, the Lambda loop): its environment and output, and, for tests,
/// stand-ins for the AWS clients and the clock. Made once, in <c>Program.Main</c> (tests make their own).
/// </summary>
internal sealed record HostSetup
{
    public required Func<string, string?> GetVariable { get; init; }

    /// <summary>Where summaries and errors go (stderr locally, the function log in Lambda).</summary>
    public required TextWriter Log { get; init; }

    /// <summary>Where events go as NDJSON when no Logstash is configured.</summary>
    public Stream NdjsonOutput { get; init; } = Stream.Null;

    /// <summary>The clock invocation deadlines are measured with (tests drive it by hand).</summary>
    public TimeProvider DeadlineClock { get; init; } = TimeProvider.System;

    /// <summary>Test seam: credentials for the AWS clients instead of the SDK's chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Test seam: where objects are read from, instead of S3.</summary>
    public IObjectStore? ObjectStore { get; init; }

    /// <summary>Test seam: the SSM client that reads the Logstash password.</summary>
    public IAmazonSimpleSystemsManagement? Ssm { get; init; }

    /// <summary>Test seam: where hand-overs go, instead of SQS.</summary>
    public IHandOverQueue? HandOverQueue { get; init; }
}
