using System.Diagnostics;
using ElbLogProcessor.Summary;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// Live counts of a backfill, read by the progress display while objects are being read: finished
/// objects' counts plus those of the objects in progress (their own summaries). ETA from the
/// object bytes done so far.
/// </summary>
internal sealed class BackfillProgress(int objectsTotal, long bytesTotal)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly HashSet<RunSummary> _active = [];
    private int _done, _failed;
    private long _lines, _bytesDone, _eventsSent, _eventsFailed, _messagesSent;

    public void Started(RunSummary run)
    {
        lock (_lock) _active.Add(run);
    }

    public void Finished(RunSummary run, long objectBytes, bool failed)
    {
        lock (_lock)
        {
            _active.Remove(run);
            _done++;
            if (failed) _failed++;
            _lines += run.Lines;
            _bytesDone += objectBytes;
            _eventsSent += run.EventsSent;
            _eventsFailed += run.EventsFailed;
        }
    }

    public void MessagesSent(int count, long objectBytes)
    {
        lock (_lock)
        {
            _messagesSent += count;
            _done += count;
            _bytesDone += objectBytes;
        }
    }

    public ProgressSnapshot Snapshot()
    {
        lock (_lock)
        {
            long lines = _lines + _active.Sum(r => r.Lines);
            long sent = _eventsSent + _active.Sum(r => r.EventsSent);
            long failed = _eventsFailed + _active.Sum(r => r.EventsFailed);
            double seconds = _clock.Elapsed.TotalSeconds;
            long? eta = _bytesDone > 0 && seconds > 0 && bytesTotal >= _bytesDone
                ? (long)Math.Ceiling((bytesTotal - _bytesDone) / (_bytesDone / seconds))
                : null;
            return new ProgressSnapshot("ElbLogProcessor backfill progress", _done, objectsTotal, _failed, lines,
                seconds > 0 ? (long)(lines / seconds) : 0, _bytesDone, bytesTotal, sent, failed, _messagesSent, Math.Round(seconds, 1), eta);
        }
    }
}
