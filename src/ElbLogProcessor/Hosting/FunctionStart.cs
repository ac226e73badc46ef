using Amazon.S3;
using Amazon.SQS;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Failures;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// The start every host shares: the options, read from the environment and checked; the AWS Region and
/// credentials, found only when AWS will be called (the host's services, or a secret in SSM); the secrets, read
/// from SSM once; then the clients the host asks for, each made once.
/// </summary>
internal sealed class FunctionStart
{
    private readonly HostSetup _host;
    private readonly AwsEnvironment? _aws;

    private FunctionStart(HostSetup host, FunctionOptions options, AwsEnvironment? aws)
    {
        _host = host;
        Options = options;
        _aws = aws;
    }

    public FunctionOptions Options { get; }

    /// <param name="host">The process's environment and stand-ins.</param>
    /// <param name="calls">The AWS services the host will call.</param>
    /// <param name="requireLogstash">Inside Lambda, where events must go to Logstash.</param>
    /// <param name="cancellationToken">Gives up reading SSM.</param>
    /// <exception cref="ConfigurationException">Something a person must fix; the message says what.</exception>
    public static async Task<FunctionStart> LoadAsync(HostSetup host, AwsCalls calls, CancellationToken cancellationToken, bool requireLogstash = false)
    {
        var options = FunctionOptions.Load(host.GetVariable);
        if (requireLogstash && options.Logstash is null) throw new ConfigurationException(LogstashOptions.UrlVariable, "is required in Lambda");

        // An object store or a hand-over queue given by a test replaces the AWS calls they would make.
        if (host.ObjectStore is not null) calls &= ~AwsCalls.S3;
        if (host.HandOverQueue is null && options.HandOver.QueueUrl is not null && calls.HasFlag(AwsCalls.HandOvers)) calls |= AwsCalls.Sqs;
        bool readsSsm = SecretReader.HasReferences(options.Logstash) && host.Ssm is null;
        bool needsRegion = (calls.HasFlag(AwsCalls.S3) && options.Aws.S3Endpoint is null) ||
                           (calls.HasFlag(AwsCalls.Sqs) && options.Aws.SqsEndpoint is null) || readsSsm;
        var aws = (calls & (AwsCalls.S3 | AwsCalls.Sqs)) != 0 || readsSsm ? AwsEnvironment.Find(host.GetVariable, needsRegion, host.Credentials) : null;

        if (options.Logstash is { } logstash && SecretReader.HasReferences(logstash))
        {
            var ssm = host.Ssm ?? Required(aws).CreateSsm();
            try
            {
                options = options with { Logstash = await SecretReader.ResolveAsync(logstash, ssm, cancellationToken).ConfigureAwait(false) };
            }
            finally
            {
                if (host.Ssm is null) ssm.Dispose();
            }
        }

        return new FunctionStart(host, options, aws);
    }

    /// <summary>The runs of this host (summary, sink, writer, pipeline), over the Logstash connections made here.</summary>
    public RunFactory Runs() => new(Options, _host);

    public IAmazonS3 S3() => Required(_aws).CreateS3(Options.Aws);

    public IAmazonSQS Sqs() => Required(_aws).CreateSqs(Options.Aws);

    /// <summary>Where objects are read from: the test's store, or S3 through <paramref name="s3"/>.</summary>
    public IObjectStore ObjectStore(Func<IAmazonS3> s3) => _host.ObjectStore ?? new S3ObjectStore(s3());

    /// <summary>Where hand-overs go: the test's queue, the SQS queue of CONTINUATION_QUEUE_URL through <paramref name="sqs"/>, or none.</summary>
    public IHandOverQueue? HandOverQueue(Func<IAmazonSQS> sqs) =>
        _host.HandOverQueue ?? (Options.HandOver.QueueUrl is { } url ? new SqsHandOverQueue(sqs(), url.ToString()) : null);

    /// <summary>An invocation handler reading from <paramref name="store"/> that writes to <paramref name="log"/>.</summary>
    public InvocationHandler Handler(RunFactory runs, IObjectStore store, IHandOverQueue? handOvers, Summary.SummaryLogger summaryLogger, TextWriter log) =>
        new(() => runs.StartRun(log), store, Options.HandOver, handOvers, summaryLogger, log, _host.DeadlineClock, Options.Aws);

    private static AwsEnvironment Required(AwsEnvironment? aws) =>
        aws ?? throw new InvalidOperationException("the host did not declare the AWS calls it makes (AwsCalls)");
}

/// <summary>The AWS services a host calls, which decide whether a Region and credentials are needed at start.</summary>
[Flags]
internal enum AwsCalls
{
    None = 0,

    /// <summary>Reads or lists objects in S3.</summary>
    S3 = 1,

    /// <summary>Sends to or reads from SQS queues of its own (backfill --via-queue, replay).</summary>
    Sqs = 2,

    /// <summary>Hands over to the queue CONTINUATION_QUEUE_URL names, when one is configured (SQS then).</summary>
    HandOvers = 4,
}
