using System.Text.Json.Serialization;

namespace ElbLogProcessor.Hosting.Lambda;

/// <summary>The Runtime API's error body (<c>application/vnd.aws.lambda.error+json</c>).</summary>
internal sealed record LambdaError(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] string[] StackTrace)
{
    /// <summary>An error for an exception: its type, message and stack trace, one frame per entry.</summary>
    public static LambdaError From(Exception exception) => new(exception.Message, exception.GetType().FullName ?? exception.GetType().Name,
        [.. (exception.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
}
