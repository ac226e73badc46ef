using Amazon.SQS;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;

namespace ElbLogProcessor.Hosting;

/// <summary>
/// <c>invoke &lt;event.json&gt; [--local-root DIR]</c>: runs the Lambda handler locally on a sample
/// event, against S3 (the usual AWS variables) or, with --local-root, against <c>DIR/bucket/key</c>.
/// </summary>
public sealed class InvokeCommand(Stream output, TextWriter diagnostics, Func<string, string?> getVariable)
{
    public async Task<int> RunAsync(string eventPath, string? localRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Settings settings;
        try
        {
            settings = await Settings.LoadAsync(getVariable, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationException e)
        {
            await diagnostics.WriteLineAsync($"configuration error: {e.Message}").ConfigureAwait(false);
            return ProcessCommand.BadConfiguration;
        }

        string eventJson;
        try
        {
            eventJson = await File.ReadAllTextAsync(eventPath, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await diagnostics.WriteLineAsync($"error: {eventPath}: {e.Message}").ConfigureAwait(false);
            return ProcessCommand.SomethingNotDone;
        }

        using var s3 = localRoot is null ? AwsClients.CreateS3(settings) : null;
        IObjectStore store = localRoot is null ? new S3ObjectStore(s3!) : new LocalObjectStore(localRoot);
        using var client = settings.Logstash is { } logstash ? LogstashHttp.CreateClient(logstash) : null;
        using var sqs = settings.ContinuationQueueUrl is not null ? new AmazonSQSClient() : null;
        var continuation = sqs is null ? null : new SqsContinuationQueue(sqs, settings.ContinuationQueueUrl!);

        var processor = new InvocationProcessor(settings, store, client, continuation, output, diagnostics);
        var result = await processor.HandleAsync(eventJson, DateTimeOffset.UtcNow + timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            await diagnostics.WriteLineAsync($"error: {result.ErrorType}: {result.ErrorMessage}").ConfigureAwait(false);
        return result.Succeeded ? ProcessCommand.Succeeded : ProcessCommand.SomethingNotDone;
    }
}
