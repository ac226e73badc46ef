using Amazon.Runtime;
using ElbLogProcessor.Hosting;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>The Lambda host's services as the function composes them, with the stand-ins a test gives.</summary>
internal static class TestHost
{
    public static Task<InvocationServices> StartAsync(Func<string, string?> variables, IObjectStore? store = null,
        IHandOverQueue? handOvers = null, TimeProvider? deadlineClock = null, TextWriter? log = null,
        AWSCredentials? credentials = null) =>
        InvocationServices.StartAsync(new HostSetup
        {
            GetVariable = variables,
            Log = log ?? TextWriter.Null,
            ObjectStore = store,
            HandOverQueue = handOvers,
            DeadlineClock = deadlineClock ?? TimeProvider.System,
            Credentials = credentials,
        }, localRoot: null, CancellationToken.None);
}
