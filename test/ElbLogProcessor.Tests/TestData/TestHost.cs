using Amazon.Runtime;
using ElbLogProcessor.Hosting;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>The composition root as the function builds it, with the stand-ins a test gives.</summary>
internal static class TestHost
{
    public static Task<FunctionServices> StartAsync(Func<string, string?> variables, IObjectStore? store = null,
        IContinuationQueue? continuations = null, TimeProvider? deadlineClock = null, TextWriter? log = null,
        AWSCredentials? credentials = null) =>
        FunctionServices.StartAsync(new HostSetup
        {
            GetVariable = variables,
            Log = log ?? TextWriter.Null,
            Objects = ObjectSource.S3,
            ObjectStore = store,
            ContinuationQueue = continuations,
            DeadlineClock = deadlineClock ?? TimeProvider.System,
            Credentials = credentials,
        }, CancellationToken.None);

    /// <summary>The handler of <paramref name="services"/>, which reads objects.</summary>
    public static InvocationHandler Handler(this FunctionServices services) =>
        services.InvocationHandler ?? throw new InvalidOperationException("no object store");
}
