using System.Text;
using System.Text.Json;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// The checkpoint of a backfill (<c>--state FILE</c>): one JSON line per object as it finishes (or
/// stops, when interrupted), appended and flushed to disk at once, so that a backfill stopped in any
/// way (Ctrl+C, a crash, a closed laptop) resumes without sending a finished object again. The last
/// line of an object wins; a last line cut short by a crash is ignored.
/// </summary>
internal sealed class BackfillState : IDisposable
{
    private readonly Dictionary<string, StateEntry> _entries;
    private readonly FileStream _file;
    private readonly Lock _write = new();

    private BackfillState(Dictionary<string, StateEntry> entries, FileStream file)
    {
        _entries = entries;
        _file = file;
    }

    /// <summary>Reads <paramref name="path"/> if it exists, and opens it to append.</summary>
    public static BackfillState Open(string path)
    {
        var entries = new Dictionary<string, StateEntry>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                StateEntry? entry;
                try
                {
                    entry = JsonSerializer.Deserialize(line, BackfillJsonContext.Default.StateEntry);
                }
                catch (JsonException)
                {
                    continue;   // a line cut short by a crash
                }

                if (entry is not null) entries[Id(entry.Bucket, entry.Key)] = entry;
            }
        }

        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        // A line cut short by a crash must not glue itself to the next one.
        if (file.Length > 0)
        {
            using var check = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            check.Seek(-1, SeekOrigin.End);
            if (check.ReadByte() != '\n') file.Write("\n"u8);
        }

        return new BackfillState(entries, file);
    }

    /// <summary>What the state says of this object, when it is the same version.</summary>
    public StateEntry? Find(string bucket, string key, string eTag) =>
        _entries.TryGetValue(Id(bucket, key), out var entry) && entry.ETag == eTag ? entry : null;

    public int Count => _entries.Count;

    public void Record(StateEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, BackfillJsonContext.Default.StateEntry) + "\n";
        lock (_write)
        {
            _entries[Id(entry.Bucket, entry.Key)] = entry;
            _file.Write(Encoding.UTF8.GetBytes(line));
            _file.Flush(flushToDisk: true);
        }
    }

    private static string Id(string bucket, string key) => $"{bucket}/{key}";

    public void Dispose() => _file.Dispose();
}
