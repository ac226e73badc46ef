using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Reading;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

/// <summary>The events a writer makes of files read as S3 objects, through the pipeline, as the NDJSON sink writes them.</summary>
internal static class PipelineEvents
{
    public static async Task<string> OfObjects(IEventWriter writer, string bucket, string? eTag, params (string Key, string Path)[] objects)
    {
        var summary = new RunSummary();
        var output = new MemoryStream();
        await using var sink = new NdjsonSink(output, summary);
        var pipeline = new LogPipeline(writer, sink, new BatchOptions(), summary, TextWriter.Null);
        var files = new StreamStore(location => File.OpenRead(objects.Single(o => o.Key == location.Key).Path));
        foreach (var (key, _) in objects)
        {
            var (result, _) = await pipeline.ReadObjectAsync(files, new ObjectToRead(new ObjectLocation(bucket, key, eTag)), new ReadStop(),
                CancellationToken.None);
            Assert.True(result.Outcome == SourceOutcome.Completed, $"{key}: {result.Outcome}: {result.Failure}");
        }

        await sink.CompleteAsync(CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
