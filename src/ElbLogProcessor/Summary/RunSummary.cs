using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events;

namespace ElbLogProcessor.Summary;

/// <summary>
/// The counts of one run (one command, one Lambda invocation), logged as one JSON line at
/// the end. Reading counters are written by the single reading loop; delivery counters may
/// be written by concurrent senders and use interlocked updates.
/// </summary>
public sealed class RunSummary
{
    public const int FailuresKept = 5;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Queue<string> _failures = new();
    private long _eventsDelivered;
    private long _bytesDelivered;
    private long _batchesDelivered;

    public long Lines { get; private set; }
    public long Blank { get; private set; }
    public long Malformed { get; private set; }
    public long ClassicEvents { get; private set; }
    public long ApplicationEvents { get; private set; }
    public long NetworkEvents { get; private set; }

    /// <summary>Decoded (decompressed) bytes read from every source.</summary>
    public long BytesRead { get; private set; }

    public int Sources { get; private set; }
    public int SourcesFailed { get; private set; }

    /// <summary>Events handed over for delivery (every non-blank line).</summary>
    public long Events => ClassicEvents + ApplicationEvents + NetworkEvents + Malformed;

    public long EventsDelivered => Interlocked.Read(ref _eventsDelivered);
    public long BytesDelivered => Interlocked.Read(ref _bytesDelivered);
    public long BatchesDelivered => Interlocked.Read(ref _batchesDelivered);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The last <see cref="FailuresKept"/> failure messages, oldest first.</summary>
    public IReadOnlyList<string> LastFailures
    {
        get { lock (_failures) return [.. _failures]; }
    }

    public void RecordLine(LineOutcome outcome)
    {
        Lines++;
        switch (outcome)
        {
            case LineOutcome.Blank: Blank++; break;
            case LineOutcome.Classic: ClassicEvents++; break;
            case LineOutcome.Application: ApplicationEvents++; break;
            case LineOutcome.Network: NetworkEvents++; break;
            default: Malformed++; break;
        }
    }

    public void RecordSourceDone(long bytesRead, bool completed)
    {
        Sources++;
        BytesRead += bytesRead;
        if (!completed) SourcesFailed++;
    }

    public void RecordDelivered(int events, long bytes)
    {
        Interlocked.Add(ref _eventsDelivered, events);
        Interlocked.Add(ref _bytesDelivered, bytes);
        Interlocked.Increment(ref _batchesDelivered);
    }

    /// <summary>Keeps a failure message; only the last few are reported.</summary>
    public void RecordFailure(string message)
    {
        lock (_failures)
        {
            if (_failures.Count == FailuresKept) _failures.Dequeue();
            _failures.Enqueue(message);
        }
    }

    public void WriteJson(Utf8JsonWriter w)
    {
        double seconds = Elapsed.TotalSeconds;
        w.WriteStartObject();
        w.WriteString("Message", "ElbLogProcessor summary");
        w.WriteNumber("Sources", Sources);
        w.WriteNumber("SourcesFailed", SourcesFailed);
        w.WriteNumber("Lines", Lines);
        w.WriteStartObject("Events");
        w.WriteNumber("classic", ClassicEvents);
        w.WriteNumber("application", ApplicationEvents);
        w.WriteNumber("network", NetworkEvents);
        w.WriteEndObject();
        w.WriteNumber("Malformed", Malformed);
        w.WriteNumber("Blank", Blank);
        w.WriteNumber("EventsDelivered", EventsDelivered);
        w.WriteNumber("Batches", BatchesDelivered);
        w.WriteNumber("BytesRead", BytesRead);
        w.WriteNumber("BytesSent", BytesDelivered);
        w.WriteNumber("Seconds", Math.Round(seconds, 3));
        w.WriteNumber("LinesPerSecond", seconds > 0 ? Math.Round(Lines / seconds) : 0);
        w.WriteStartArray("LastFailures");
        foreach (var failure in LastFailures) w.WriteStringValue(failure);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The summary as one line of JSON.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EventWriter.JsonEncoder }))
            WriteJson(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
