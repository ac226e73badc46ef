using System.Buffers;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// A batch of JSON events in one pooled buffer. Events are written straight into it
/// (it is the <see cref="IEventBuffer"/> the event writer targets); once sealed, its
/// <see cref="Body"/> is the exact request body, with no copy. Dispose returns the memory.
/// </summary>
internal sealed class EventBatch : IEventBuffer, IDisposable
{
    private const int MinimumGrowth = 4096;

    /// <summary>Room kept free at the end of a buffer sized to the byte limit (at most a sixteenth of the limit).</summary>
    private const int SealHeadroom = 16 * 1024;

    private readonly BatchFraming _framing;
    private byte[] _buffer;
    private int _written;
    private int[] _eventEnds;     // end of each event (before its separator), for splitting
    private bool _sealed;
    private readonly int _maxEvents;
    private readonly int _sealAt;     // bytes at which IsFull turns true

    /// <param name="framing">How events are framed in the body.</param>
    /// <param name="initialCapacity">Bytes to rent at first; the buffer grows past it when needed.</param>
    /// <param name="expectedEvents">Events to make room for at first.</param>
    /// <param name="maxEvents">Events at which <see cref="IsFull"/> turns true.</param>
    /// <param name="maxBytes">
    /// Bytes at which <see cref="IsFull"/> turns true; when the buffer is no larger than that, a
    /// little before, so that the last event still fits in it.
    /// </param>
    public EventBatch(BatchFraming framing, int initialCapacity, int expectedEvents = 256, int maxEvents = int.MaxValue,
        int maxBytes = int.MaxValue)
    {
        _framing = framing;
        _maxEvents = maxEvents;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, MinimumGrowth));
        // A buffer sized to the byte limit is sealed a little before it: the event that passes the
        // limit would not fit, and growing copies the whole batch (measured: the copy was 4% of a
        // 1 M-line run's CPU when the limit sealed every batch). Other batches grow as they need.
        _sealAt = _buffer.Length >= maxBytes
            ? Math.Min(maxBytes, _buffer.Length - Math.Min(SealHeadroom, maxBytes / 16))
            : maxBytes;
        _eventEnds = ArrayPool<int>.Shared.Rent(Math.Clamp(expectedEvents, 16, 100_000));
        if (framing == BatchFraming.JsonArray) _buffer[_written++] = (byte)'[';
    }

    /// <summary>
    /// A batch for <paramref name="limits"/>, sized to the byte limit exactly: the pool hands out
    /// power-of-two arrays, so asking for a little more would double every batch's memory. It is
    /// sealed a little before the limit instead, so only an event larger than the room left (16 KiB
    /// at the default 1 MiB) makes it grow.
    /// </summary>
    public static EventBatch For(BatchFraming framing, BatchOptions limits) =>
        new(framing, Math.Min(limits.MaxBytes, 4 * 1024 * 1024), limits.MaxEvents, limits.MaxEvents, limits.MaxBytes);

    public int Count { get; private set; }

    /// <summary>The batch has reached its event or byte limit (checked after each event, so it passes the byte limit by at most one event).</summary>
    public bool IsFull => Count >= _maxEvents || _written >= _sealAt;

    /// <summary>Bytes the buffer holds before it has to grow (a copy of the whole batch).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Bytes of the body so far.</summary>
    public int Length => _written;

    /// <summary>The body; complete once <see cref="Seal"/> has been called.</summary>
    public ReadOnlyMemory<byte> Body => _buffer.AsMemory(0, _written);

    /// <summary>Ends the event just written into this batch (adds the separator).</summary>
    public void EndEvent()
    {
        if (Count == _eventEnds.Length) Grow(ref _eventEnds, Count * 2);
        _eventEnds[Count++] = _written;
        Append(_framing == BatchFraming.JsonArray ? (byte)',' : (byte)'\n');
    }

    /// <summary>Closes the body; no more events can be added.</summary>
    public EventBatch Seal()
    {
        if (_sealed) return this;
        if (_framing == BatchFraming.JsonArray)
        {
            if (Count == 0) Append((byte)']');
            else _buffer[_written - 1] = (byte)']';   // the last ',' becomes the closing bracket
        }

        _sealed = true;
        return this;
    }

    /// <summary>The UTF-8 bytes of event <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Event(int index)
    {
        int start = index == 0 ? (_framing == BatchFraming.JsonArray ? 1 : 0) : _eventEnds[index - 1] + 1;
        return _buffer.AsSpan(start, _eventEnds[index] - start);
    }

    /// <summary>A new sealed batch of events [<paramref name="start"/>, <paramref name="start"/>+<paramref name="count"/>).</summary>
    public EventBatch Slice(int start, int count)
    {
        var part = new EventBatch(_framing, Math.Min(_written, MinimumGrowth));
        for (int i = start; i < start + count; i++)
        {
            var e = Event(i);
            e.CopyTo(part.GetSpan(e.Length));
            part.Advance(e.Length);
            part.EndEvent();
        }

        return part.Seal();
    }

    public void Advance(int count)
    {
        if (_sealed) throw new InvalidOperationException("The batch is sealed.");
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Append(byte b)
    {
        EnsureCapacity(1);
        _buffer[_written++] = b;
    }

    private void EnsureCapacity(int sizeHint)
    {
        if (_sealed) throw new InvalidOperationException("The batch is sealed.");
        int needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length) return;
        Grow(ref _buffer, Math.Max(needed, _buffer.Length * 2));
    }

    private static void Grow<T>(ref T[] array, int minimumLength)
    {
        var larger = ArrayPool<T>.Shared.Rent(minimumLength);
        array.AsSpan().CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer!, null);
        if (buffer is null) return;
        ArrayPool<byte>.Shared.Return(buffer);
        ArrayPool<int>.Shared.Return(_eventEnds);
    }
}
