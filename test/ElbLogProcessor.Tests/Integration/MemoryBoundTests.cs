using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.Pipeline;
using ElbLogProcessor.Shipping;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Tests;

[Collection(nameof(MemoryBoundTests))]
[Trait("Category", Category.Integration)]
public sealed class MemoryBoundTests : WithLogstash
{
    private readonly string _dir = Directory.CreateTempSubdirectory("elb-memory-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_stalled_server_pauses_reading_so_memory_stays_bounded()
    {
        // The bound: (queue 2 + senders 2 + 1 being filled) batches of 100 events, plus what
        // the line reader holds (128 KiB, about 550 of these lines). The file has 50,000.
        const int Queue = 2, Senders = 2, BatchEvents = 100, ReaderLines = 600;
        const int MaxLinesReadAhead = (Queue + Senders + 1) * BatchEvents + ReaderLines;
        var release = new TaskCompletionSource();
        Logstash.HoldUntil = release.Task;
        var log = LogLines.WriteLog(_dir, 50_000);
        var summary = new RunSummary();
        var options = new LogstashOptions { Url = Logstash.Url, Senders = Senders, QueueCapacity = Queue, RequestTimeoutSeconds = 60 };
        using var logstash = new LogstashDelivery(options);
        await using var queue = new DeliveryQueue(new LogstashClient(logstash, summary), options, summary);
        var pipeline = new LogPipeline(new ElbEventWriter(EventEnvelope.Default), queue, new BatchOptions { MaxEvents = BatchEvents }, summary, TextWriter.Null);

        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var processing = Task.Run(() => pipeline.ReadFileAsync(log, new ReadStop(), CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(3));   // the server stalls every request meanwhile

        Assert.False(processing.IsCompleted);
        Assert.Equal(Senders, Logstash.Held);
        Assert.InRange(summary.Lines, 1, MaxLinesReadAhead);          // reading paused
        Assert.InRange(GC.GetTotalMemory(forceFullCollection: true) - heapBefore, long.MinValue, 16L * 1024 * 1024);

        release.SetResult();
        await processing;
        await queue.CompleteAsync(CancellationToken.None);
        Assert.Equal(50_000, summary.EventsSent);
        Assert.Equal(50_000, Logstash.EventIds.Count);
    }

}
