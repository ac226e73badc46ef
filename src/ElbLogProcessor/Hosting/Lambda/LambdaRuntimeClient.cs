using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ElbLogProcessor.Hosting.Lambda;

/// <summary>
/// The Lambda Runtime API (2018-06-01), spoken directly: the Amazon.Lambda.* packages cannot
/// be restored here, and an executable function needs nothing more than these four calls.
/// </summary>
internal sealed class LambdaRuntimeClient : IDisposable
{
    private static readonly MediaTypeHeaderValue ErrorContentType = new("application/vnd.aws.lambda.error+json");
    private readonly HttpClient _http;

    /// <param name="runtimeApi">The value of <c>AWS_LAMBDA_RUNTIME_API</c> (host:port).</param>
    /// <param name="handler">Replaces the socket handler (tests).</param>
    public LambdaRuntimeClient(string runtimeApi, HttpMessageHandler? handler = null)
    {
        // "next" blocks until an event arrives: no client timeout.
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<LambdaInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("runtime/invocation/next", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        string requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
                           ?? throw new InvalidOperationException("the Runtime API sent no Lambda-Runtime-Aws-Request-Id");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out long ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.UtcNow.AddMinutes(15);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(requestId, deadline, Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(response, "Lambda-Runtime-Trace-Id"), body);
    }

    public async Task RespondAsync(string requestId, string responseJson, CancellationToken cancellationToken)
    {
        using var content = new StringContent(responseJson, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync($"runtime/invocation/{requestId}/response", content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public Task ReportErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{requestId}/error", error, cancellationToken);

    /// <summary>Reports a failed start; Lambda then ends the process.</summary>
    public Task ReportInitErrorAsync(LambdaError error, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", error, cancellationToken);

    private async Task PostErrorAsync(string path, LambdaError error, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(error, LambdaJsonContext.Default.LambdaError);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = ErrorContentType;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Lambda-Runtime-Function-Error-Type", error.ErrorType);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
