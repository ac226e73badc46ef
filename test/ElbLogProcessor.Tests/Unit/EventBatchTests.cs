using System.Text;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Shipping;

namespace ElbLogProcessor.Tests;

[Trait("Category", Category.Unit)]
public class EventBatchTests
{
    private static void Add(EventBatch batch, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        bytes.CopyTo(batch.GetSpan(bytes.Length));
        batch.Advance(bytes.Length);
        batch.EndEvent();
    }

    [Fact]
    public void Json_array_framing_is_a_request_body_and_events_can_be_sliced_out()
    {
        using var batch = new EventBatch(BatchFraming.JsonArray, 16);
        Add(batch, "{\"a\":1}");
        Add(batch, "{\"b\":2}");
        Add(batch, "{\"c\":3}");
        Assert.Equal("[{\"a\":1},{\"b\":2},{\"c\":3}]", Encoding.UTF8.GetString(batch.Seal().Body.Span));
        using var part = batch.Slice(1, 2);
        Assert.Equal("[{\"b\":2},{\"c\":3}]", Encoding.UTF8.GetString(part.Body.Span));
        Assert.Throws<InvalidOperationException>(() => batch.GetSpan());
    }

    [Fact]
    public void Ndjson_framing_ends_every_event_with_a_newline()
    {
        using var batch = new EventBatch(BatchFraming.Ndjson, 16);
        Add(batch, "{}");
        Add(batch, "{}");
        Assert.Equal("{}\n{}\n", Encoding.UTF8.GetString(batch.Seal().Body.Span));
        using var empty = new EventBatch(BatchFraming.JsonArray, 16);
        Assert.Equal("[]", Encoding.UTF8.GetString(empty.Seal().Body.Span));
    }

    [Fact]
    public void Full_at_the_event_limit_or_once_past_the_byte_limit()
    {
        using var byEvents = EventBatch.For(BatchFraming.JsonArray, new BatchOptions { MaxEvents = 2, MaxBytes = 1024 });
        Add(byEvents, "{}");
        Assert.False(byEvents.IsFull);
        Add(byEvents, "{}");
        Assert.True(byEvents.IsFull);

        using var byBytes = EventBatch.For(BatchFraming.JsonArray, new BatchOptions { MaxEvents = 100, MaxBytes = 1024 });
        Add(byBytes, $"{{\"x\":\"{new string('x', 1000)}\"}}");
        Assert.False(byBytes.IsFull);
        Add(byBytes, $"{{\"y\":\"{new string('y', 20)}\"}}");   // passes the limit by one event at most
        Assert.True(byBytes.IsFull);
        Assert.Equal(2, byBytes.Count);
    }

    [Fact]
    public void A_batch_sized_to_its_byte_limit_is_sealed_while_its_last_event_still_fits()
    {
        // The 1 MiB default: classic-sized events fill it without it ever growing (a copy of the whole batch).
        var limits = new BatchOptions { MaxEvents = 100_000, MaxBytes = 1024 * 1024 };
        using var batch = EventBatch.For(BatchFraming.JsonArray, limits);
        int capacity = batch.Capacity;
        var evt = $"{{\"x\":\"{new string('x', 800)}\"}}";
        while (!batch.IsFull) Add(batch, evt);
        Assert.Equal(capacity, batch.Capacity);
        Assert.InRange(batch.Length, limits.MaxBytes - 16 * 1024, limits.MaxBytes);
        // An event larger than the room left still goes in: the batch grows for it.
        Add(batch, $"{{\"y\":\"{new string('y', 40_000)}\"}}");
        Assert.True(batch.Capacity > capacity);
        Assert.Equal("]", Encoding.UTF8.GetString(batch.Seal().Body.Span[^1..]));
    }
}
