using System.Threading.Channels;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// The bounded queue between reading and sending: sealed batches wait in a channel of
/// <see cref="LogstashOptions.QueueCapacity"/>, drained by <see cref="LogstashOptions.Senders"/>
/// concurrent senders, each delivering through the <see cref="LogstashClient"/>. When every
/// sender is busy and the queue is full, <see cref="SubmitAsync"/> waits, and so does reading:
/// in-flight memory is at most (queue capacity + senders + 1) batches (+ one pooled compressed copy per sender).
/// </summary>
internal sealed class DeliveryQueue : IBatchSink
{
    private readonly Channel<EventBatch> _queue;
    private readonly Task[] _senders;
    private readonly CancellationTokenSource _stop = new();
    private readonly RunSummary _summary;

    public DeliveryQueue(LogstashClient client, LogstashOptions options, RunSummary summary)
    {
        _summary = summary;
        _queue = Channel.CreateBounded<EventBatch>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _senders = [.. Enumerable.Range(0, options.Senders).Select(_ => Task.Run(() => RunSenderAsync(client, _stop.Token)))];
    }

    public BatchFraming Framing => BatchFraming.JsonArray;

    public async ValueTask SubmitAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Never queued: counted here, or it would vanish from the summary.
            _summary.RecordUndelivered(batch.Count, "the run was stopped while the batch waited for a sender");
            batch.Dispose();
            throw;
        }
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(_stop.Cancel))
            await Task.WhenAll(_senders).ConfigureAwait(false);
    }

    private async Task RunSenderAsync(LogstashClient client, CancellationToken cancellationToken)
    {
        await foreach (var batch in _queue.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            using (batch)
            {
                try
                {
                    await client.DeliverAsync(batch, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    // A sender must never die: the queue would stop draining and reading would wait forever.
                    _summary.RecordUndelivered(batch.Count, $"{e.GetType().Name}: {e.Message}");
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            await Task.WhenAll(_senders).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Abandoned run: what was not delivered is counted as such by the senders.
        }

        while (_queue.Reader.TryRead(out var left))
        {
            _summary.RecordUndelivered(left.Count, "the run stopped before this batch was sent");
            left.Dispose();
        }

        _stop.Dispose();
    }
}
