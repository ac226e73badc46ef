using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// <c>--profile</c>: the end-to-end runs start the function under <c>perf record -g</c>, and each
/// run's samples are attributed to the stage of the flow they were spent in: the innermost frame
/// of a call stack that names a stage wins (a memcpy or a kernel send counts for the stage that
/// called it). This is docs/performance.md's breakdown of where the CPU goes.
/// </summary>
/// <remarks>
/// perf is used because dotnet-trace cannot sample a NativeAOT executable and sees nothing of
/// zlib or the kernel, which are a third of the cost. JIT and ReadyToRun builds get their managed
/// frame names from the perf map the runtime writes (<c>DOTNET_PerfMapEnabled=1</c>).
/// </remarks>
internal static class StageProfile
{
    /// <summary>The stages, innermost first: the first whose pattern matches a frame takes the sample.</summary>
    private static readonly (string Stage, Regex Frame)[] Stages =
    [
        ("compression (zlib-ng deflate, CRC-32)", new(@"deflate|crc32|slide_hash|compare256|quick_insert|fill_window|zng_|CompressionNative|ZLib|GZip")),
        ("tokenizing (FieldTokenizer)", new(@"FieldTokenizer")),
        ("parsing (format, fields, decimals)", new(@"LineParser|LogKindDetector|DecimalText|ParsedLine|RequestLine|Utf8Parser")),
        ("ECS mapping (url split, IP checks)", new(@"UriParts|IpText|EcsSourceTemplate")),
        ("JSON writing (EventWriter, escaping)", new(@"EventWriter|JsonObjectWriter|EnvelopeTemplate|Encodings_Web|Encodings\.Web|Number__")),
        ("line reading (LineReader, gzip input)", new(@"LineReader|LogStreamDecoder|GzipDecoder|SharpZipLib|ResumableObjectStream")),
        ("S3 read (SDK response stream)", new(@"Amazon")),
        ("batch handling (queue, buffers)", new(@"Batch|Channel|RecyclableMemory")),
        ("HTTP send (SocketsHttpHandler, Polly)", new(@"System_Net_Http|System\.Net\.Http|Polly")),
        ("socket I/O (kernel send and receive)", new(@"System_Net_Sockets|System\.Net\.Sockets|tcp_|sock_|__sys_send|__sys_recv")),
        ("garbage collection", new(@"gc_heap|GCHeap|WKS|SVR|RhpGc|GarbageCollect")),
        ("thread pool, waits, wake-ups", new(@"ThreadPool|LowLevelLifoSemaphore|SpinWait|RhSpinWait|Monitor|futex|schedule|try_to_wake_up")),
        ("runtime start-up, JIT, other CoreCLR", new(@"clrjit|StartupCodeHelpers|RhInitialize|libcoreclr")),
    ];

    private const string Other = "other";

    public static string? OutputDirectory { get; set; }

    private static int _runs;

    /// <summary>The command prefix that records the next run, and where its samples go.</summary>
    public static (string[] Prefix, string DataFile) Recorder()
    {
        Directory.CreateDirectory(OutputDirectory!);
        var file = Path.Combine(OutputDirectory!, $"run-{Interlocked.Increment(ref _runs)}.perf.data");
        return (["perf", "record", "-F", "999", "-g", "-q", "-o", file, "--"], file);
    }

    /// <summary>Prints each stage's share of the samples and the CPU-seconds per million lines it stands for.</summary>
    public static void Print(string dataFile, double cpuSeconds, long lines)
    {
        var start = new ProcessStartInfo("perf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["script", "-i", dataFile, "-F", "ip,sym,dso"]) start.ArgumentList.Add(a);
        using var script = Process.Start(start)!;
        _ = script.StandardError.ReadToEndAsync();

        var counts = new Dictionary<string, int>();
        int samples = 0;
        string? stage = null;
        bool inSample = false;
        for (string? line; (line = script.StandardOutput.ReadLine()) is not null;)
        {
            if (line.Length == 0)
            {
                if (inSample) Count(stage ?? Other);
                inSample = false;
                stage = null;
                continue;
            }

            inSample = true;
            if (stage is not null) continue;
            foreach (var (name, frame) in Stages)
            {
                if (!frame.IsMatch(line)) continue;
                stage = name;
                break;
            }
        }

        if (inSample) Count(stage ?? Other);
        script.WaitForExit();
        if (samples == 0)
        {
            Console.WriteLine($"  profile: no samples in {dataFile} (is perf allowed here? kernel.perf_event_paranoid)");
            return;
        }

        Console.WriteLine($"  profile ({samples:N0} samples, {dataFile}); CPU-s per 1 M lines from this run's {cpuSeconds:F2} CPU-s:");
        foreach (var (name, count) in counts.OrderByDescending(c => c.Value))
        {
            double share = (double)count / samples;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {share,6:P1}  {share * cpuSeconds * 1e6 / Math.Max(lines, 1),6:F2}  {name}"));
        }

        void Count(string name)
        {
            counts[name] = counts.GetValueOrDefault(name) + 1;
            samples++;
        }
    }
}
