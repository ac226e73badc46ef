using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Pipeline;
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
        foreach (var (key, path) in objects)
        {
            var result = await pipeline.ReadAsync(_ => Task.FromResult(new OpenedSource(File.OpenRead(path), LogSource.ForS3(bucket, key, eTag, null))),
                ReadStart.Beginning, ReadStop.Never, CancellationToken.None);
            Assert.Equal(SourceOutcome.Completed, result.Outcome);
        }

        await sink.CompleteAsync(CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
