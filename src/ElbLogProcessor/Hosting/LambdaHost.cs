using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// The function inside Lambda: with <c>AWS_LAMBDA_RUNTIME_API</c> set, the executable loops
/// next -> handle -> response (the summary) or error. A configuration error is reported to
/// <c>/runtime/init/error</c> and the process exits. Clients are made once and reused by
/// every invocation; <see cref="InvocationProcessor"/> keeps no state between them.
/// </summary>
public sealed class LambdaHost(LambdaRuntimeClient runtime, Func<string, string?> getVariable, TextWriter log,
    Action<string, string?>? setVariable = null)
{
    private readonly Action<string, string?> _setVariable = setVariable ?? Environment.SetEnvironmentVariable;

    /// <summary>Runs until <paramref name="cancellationToken"/> ends it; returns 1 after an init error.</summary>
    public async Task<int> RunAsync(Func<Settings, IObjectStore>? storeFactory = null, CancellationToken cancellationToken = default,
        Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement? ssm = null)
    {
        Settings settings;
        try
        {
            settings = await Settings.LoadAsync(getVariable, ssm is null ? null : () => ssm, cancellationToken).ConfigureAwait(false);
            if (settings.Logstash is null) throw new ConfigurationException("LOGSTASH_URL", "is required in Lambda");
        }
        catch (ConfigurationException e)
        {
            await log.WriteLineAsync($"configuration error: {e.Message}").ConfigureAwait(false);
            await runtime.ReportInitErrorAsync("Runtime.ConfigurationError", e.Message, cancellationToken).ConfigureAwait(false);
            return 1;
        }

        using var clients = new FunctionClients(settings, storeFactory?.Invoke(settings), Stream.Null, log);
        var processor = clients.Processor;

        while (!cancellationToken.IsCancellationRequested)
        {
            LambdaInvocation invocation;
            try
            {
                invocation = await runtime.NextAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            _setVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
            InvocationResult result;
            try
            {
                result = await processor.HandleAsync(invocation.Event, invocation.Deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // A bug must fail this invocation loudly, not the whole container silently.
                await log.WriteLineAsync($"error: unhandled {e}").ConfigureAwait(false);
                result = new InvocationResult(false, "", e.GetType().Name, e.Message);
            }

            // The answer is posted even while stopping: the invocation is done and must be reported.
            if (result.Succeeded)
                await runtime.RespondAsync(invocation.RequestId, result.SummaryJson, CancellationToken.None).ConfigureAwait(false);
            else
                await runtime.ReportErrorAsync(invocation.RequestId, result.ErrorType!, result.ErrorMessage!, CancellationToken.None)
                    .ConfigureAwait(false);
        }

        return 0;
    }
}
