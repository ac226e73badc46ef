using ElbLogProcessor.Failures;
using ElbLogProcessor.Pipeline;

namespace ElbLogProcessor.Hosting.Lambda;

/// <summary>
/// The function inside Lambda: with <c>AWS_LAMBDA_RUNTIME_API</c> set, the executable starts
/// its <see cref="InvocationServices"/> once, then loops next -> handle -> response (the summary)
/// or error. A start that fails (configuration, Region, credentials, the SSM secret, a service) is
/// reported to <c>/runtime/init/error</c> with a one-line message, and the process exits; only a
/// defect of this program carries a stack trace, in the log and in the error.
/// </summary>
internal sealed class LambdaBootstrap(LambdaRuntimeClient runtime, HostSetup setup, Action<string, string?>? setVariable = null)
{
    private readonly Action<string, string?> _setVariable = setVariable ?? Environment.SetEnvironmentVariable;
    private readonly TextWriter _log = setup.Log;

    /// <summary>Runs until <paramref name="cancellationToken"/> ends it; returns 1 after an init error.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        InvocationServices services;
        try
        {
            services = await InvocationServices.StartAsync(setup, localRoot: null, cancellationToken, requireLogstash: true).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            await _log.WriteLineAsync($"configuration error: {e.Message}").ConfigureAwait(false);
            await runtime.ReportInitErrorAsync(new LambdaError(e.Message, "Runtime.ConfigurationError", []), cancellationToken)
                .ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (FailureCause.Of(e) is { } cause)
        {
            // A service the start needs failed (an endpoint, credentials AWS refuses): one line, no stack trace.
            string type = FailureCause.IsConfiguration(e) ? "Runtime.ConfigurationError" : "Runtime.ServiceError";
            await _log.WriteLineAsync($"error: the function could not start: {cause}").ConfigureAwait(false);
            await runtime.ReportInitErrorAsync(new LambdaError($"the function could not start: {cause}", type, []), cancellationToken)
                .ConfigureAwait(false);
            return 1;
        }
        catch (Exception e)
        {
            await _log.WriteLineAsync(DefectReport.Text(e)).ConfigureAwait(false);
            await runtime.ReportInitErrorAsync(LambdaError.From(e), cancellationToken).ConfigureAwait(false);
            return 1;
        }

        using (services)
        {
            var handler = services.Handler;
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
                if (!await HandleAsync(handler, invocation, cancellationToken).ConfigureAwait(false)) break;
            }
        }

        return 0;
    }

    /// <summary>Handles one invocation and posts its answer; false when the host is being stopped.</summary>
    private async Task<bool> HandleAsync(InvocationHandler handler, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        LambdaError? error;
        string? response = null;
        try
        {
            var result = await handler.HandleAsync(invocation.Event, invocation.Deadline, cancellationToken).ConfigureAwait(false);
            response = result.Response;
            error = result.Succeeded ? null : new LambdaError(result.ErrorMessage ?? "", result.Error?.ToString() ?? "", []);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (FailureCause.Of(e) is { } cause)
        {
            // A service failed in a way the handler did not foresee: one line naming the cause, retried by Lambda.
            await _log.WriteLineAsync($"error: {cause}").ConfigureAwait(false);
            error = new LambdaError(cause, "ServiceError", []);
        }
        catch (Exception e)
        {
            // A bug must fail this invocation loudly, with its stack trace, not the whole container silently.
            await _log.WriteLineAsync(DefectReport.Text(e)).ConfigureAwait(false);
            error = LambdaError.From(e);
        }

        // The answer is posted even while stopping: the invocation is done and must be reported.
        if (error is null)
            await runtime.RespondAsync(invocation.RequestId, response!, CancellationToken.None).ConfigureAwait(false);
        else
            await runtime.ReportErrorAsync(invocation.RequestId, error, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
