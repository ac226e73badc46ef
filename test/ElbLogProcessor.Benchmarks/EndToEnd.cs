using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ElbLogProcessor.TestServers;

namespace ElbLogProcessor.Benchmarks;

/// <summary>
/// End-to-end throughput and memory of the real executable, as a separate process (so its
/// peak RSS is its own), against a Logstash-contract server on loopback:
/// <c>e2e-logstash [--lines N] [--gzip true|false|both]</c>. Needs <c>/usr/bin/time</c>.
/// </summary>
public static partial class EndToEnd
{
    public static async Task<int> LogstashAsync(string[] args)
    {
        long lines = 1_000_000;
        string gzip = "both";
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--lines": lines = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--gzip": gzip = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var file = EnsureClassicLog(lines);
        foreach (var compress in gzip == "both" ? new[] { false, true } : [bool.Parse(gzip)])
        {
            await using var server = await LogstashContractServer.StartAsync();
            server.TrackEventIds = false;
            var run = RunProcessor(["process", file], new()
            {
                ["LOGSTASH_URL"] = server.Url.ToString(),
                ["LOGSTASH_GZIP"] = compress ? "true" : "false",
            });
            Report($"process -> Logstash (gzip {(compress ? "on" : "off")})", run,
                $"server received {server.EventsReceived} events in {server.Requests} requests");
        }

        return 0;
    }

    /// <summary>
    /// <c>e2e-s3 [--lines N] [--small N] [--env NAME=VALUE]... [--gzip on|off|both] [--runs N] [--against PATH | --against-env NAME=VALUE...]</c>: the log
    /// uploaded to s3rver, then <c>invoke</c> on an S3 put event, shipping to a Logstash-contract server; the same for a
    /// small object, to compare peak RSS (memory must not follow the object's size).
    /// </summary>
    /// <remarks>
    /// A series (<c>--runs</c> above 1, or <c>--against</c>) repeats that in rounds on the same servers: in each round
    /// gzip off then on (<c>--gzip both</c>), and each build once, in an order that alternates from round to round
    /// (this machine's load moves CPU-seconds by a fifth from one hour to the next, and the build that runs second in
    /// a pair tends to do worse, so only builds run side by side, in both orders, compare). Each round also times
    /// <c>process</c> of the large log to /dev/null, the hour's own speed. Then <see cref="SeriesReport"/> prints min,
    /// median and max per build and setting against issue 10's targets, and how often one build beat the other.
    /// With <c>--against-env</c> the second "build" is this one with those variables (EVENT_SCHEMA=ecs against the default).
    /// </remarks>
    public static async Task<int> S3Async(string[] args)
    {
        long lines = 1_000_000, small = 50_000;
        int runs = 1;
        string? against = null, gzip = null;
        var extra = new Dictionary<string, string>();
        var againstEnvironment = new Dictionary<string, string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--lines": lines = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--small": small = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--env": Set(extra, args[i + 1]); break;
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--against": against = Path.GetFullPath(args[i + 1]); break;
                case "--against-env": Set(againstEnvironment, args[i + 1]); break;
                case "--gzip" when args[i + 1] is "on" or "off" or "both": gzip = args[i + 1]; break;
                case "--gzip": Console.Error.WriteLine($"--gzip takes on, off or both, not {args[i + 1]}"); return 2;
                default: Console.Error.WriteLine($"unknown option {args[i]} {args[i + 1]}"); return 2;
            }
        }

        if (gzip is not null && extra.ContainsKey("LOGSTASH_GZIP"))
        {
            Console.Error.WriteLine("--gzip and --env LOGSTASH_GZIP=... say the same thing: give one");
            return 2;
        }

        bool[] settings = gzip switch
        {
            "both" => [false, true],
            null => [!extra.TryGetValue("LOGSTASH_GZIP", out var value) || !value.Equals("false", StringComparison.OrdinalIgnoreCase)],
            _ => [gzip == "on"],
        };
        if (against is not null && againstEnvironment.Count > 0)
        {
            Console.Error.WriteLine("--against compares two builds, --against-env one build with two settings: give one");
            return 2;
        }

        // B is another build, or this build with other settings (--against-env EVENT_SCHEMA=ecs): the same rounds compare either.
        string againstLabel = $"{_executable} with {string.Join(" ", againstEnvironment.Select(e => $"{e.Key}={e.Value}"))}";
        string[] builds = against is not null ? [_executable, against] : againstEnvironment.Count > 0 ? [_executable, againstLabel] : [_executable];
        bool series = runs > 1 || builds.Length > 1;

        await using var s3rver = await S3rverProcess.StartAsync("logs");
        await using var server = await LogstashContractServer.StartAsync();
        server.TrackEventIds = false;
        var objects = new List<(long Lines, string File, string Key, string EventFile)>();
        foreach (var count in new[] { small, lines })
        {
            var file = EnsureClassicLog(count);
            var key = $"AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/26/bench {count}.log";
            await UploadAsync(s3rver.Endpoint, key, file);
            var eventFile = Path.Combine(Path.GetTempPath(), $"elb-bench-event-{count}.json");
            await File.WriteAllTextAsync(eventFile, JsonSerializer.Serialize(new
            {
                Records = new[]
                {
                    new
                    {
                        eventSource = "aws:s3", eventName = "ObjectCreated:Put",
                        s3 = new { bucket = new { name = "logs" }, @object = new { key = System.Net.WebUtility.UrlEncode(key).Replace("%2F", "/"), size = new FileInfo(file).Length } },
                    },
                },
            }));
            objects.Add((count, file, key, eventFile));
        }

        var report = new SeriesReport(builds, lines, small);
        for (int round = 0; round < runs; round++)
        {
            if (series)
            {
                // The hour's speed: the first build's read + parse + JSON of the large log, no network.
                var pace = RunProcessor(["process", objects[1].File], [], builds[0], toDevNull: true);
                report.AddPace(pace.CpuSeconds);
                Console.WriteLine($"round {round + 1}: process {lines:N0} lines > /dev/null, {pace.CpuSeconds:F2} CPU-s");
            }

            foreach (bool compress in settings)
            {
                for (int position = 0; position < builds.Length; position++)
                {
                    var build = builds[(position + round) % builds.Length];
                    var environment = S3Environment(s3rver, server, extra);
                    environment["LOGSTASH_GZIP"] = compress ? "true" : "false";
                    bool withSettings = build == againstLabel && againstEnvironment.Count > 0;
                    if (withSettings)
                        foreach (var (name, value) in againstEnvironment) environment[name] = value;
                    if (series) Console.WriteLine($"round {round + 1}, gzip {(compress ? "on" : "off")}, {build}:");
                    var peaks = new List<ProcessorRun>();
                    foreach (var (count, file, key, eventFile) in objects)
                    {
                        long before = server.EventsReceived;
                        var run = RunProcessor(["invoke", eventFile], environment, withSettings ? _executable : build);
                        Report($"invoke s3://logs/{Path.GetFileName(key)} ({new FileInfo(file).Length / 1e6:F0} MB) -> Logstash", run,
                            $"server received {server.EventsReceived - before} events");
                        if (run.ExitCode != 0) return run.ExitCode;
                        peaks.Add(run);
                    }

                    Console.WriteLine($"peak RSS {lines:N0} lines / {small:N0} lines = {(double)peaks[1].PeakRssKiB / peaks[0].PeakRssKiB:F2}x");
                    report.Add(build, compress, round, position, smallRun: peaks[0], largeRun: peaks[1]);
                }
            }
        }

        if (series) report.Print(Console.Out);
        return 0;
    }

    /// <summary>
    /// <c>e2e-backfill [--objects N] [--lines N] [--parallel N] [--env NAME=VALUE]...</c>: N objects of N classic lines each in s3rver, then
    /// <c>backfill</c> of their prefix to a Logstash-contract server; and, in the same run for the ratio, <c>invoke</c>
    /// of one object holding all those lines (the single-object rate).
    /// </summary>
    public static async Task<int> BackfillAsync(string[] args)
    {
        int objects = 200;
        long lines = 5_000;
        string? parallel = null;
        var extra = new Dictionary<string, string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--env": Set(extra, args[i + 1]); break;
                case "--objects": objects = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--lines": lines = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--parallel": parallel = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        await using var s3rver = await S3rverProcess.StartAsync("logs");
        await using var server = await LogstashContractServer.StartAsync();
        server.TrackEventIds = false;
        const string Day = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11";
        var small = EnsureClassicLog(lines);
        await Parallel.ForEachAsync(Enumerable.Range(0, objects), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await UploadAsync(s3rver.Endpoint, $"{Day}/27/part-{i:D4}.log", small));
        var whole = EnsureClassicLog(lines * objects);
        await UploadAsync(s3rver.Endpoint, $"{Day}/26/whole.log", whole);

        var environment = S3Environment(s3rver, server, extra);

        var eventFile = Path.Combine(Path.GetTempPath(), "elb-bench-event-whole.json");
        await File.WriteAllTextAsync(eventFile,
            $$"""{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"logs"},"object":{"key":"{{Day}}/26/whole.log"} } }]}""");
        long before = server.EventsReceived;
        var single = RunProcessor(["invoke", eventFile], environment);
        Report($"invoke one object of {lines * objects:N0} lines", single, $"server received {server.EventsReceived - before} events");

        before = server.EventsReceived;
        string[] backfill = ["backfill", "s3://logs/AWSLogs/", "--from", "2026-11-27", "--to", "2026-11-27", .. parallel is null ? [] : new[] { "--parallel", parallel }];
        var run = RunProcessor(backfill, environment);
        Report($"backfill {objects} objects of {lines:N0} lines (parallel {parallel ?? "default"})", run, $"server received {server.EventsReceived - before} events");
        double Rate(ProcessorRun r) => r.Summary.GetProperty("Lines").GetInt64() / r.Wall.TotalSeconds;
        Console.WriteLine($"backfill / single-object invoke lines/s = {Rate(run) / Rate(single):F2}x; backfill peak RSS {run.PeakRssKiB / 1024.0:F1} MiB");
        return run.ExitCode;
    }

    /// <summary>
    /// <c>e2e-startup [--runs N] [--lines N]</c>: the function started as Lambda starts it (no arguments, the Runtime API in
    /// the environment) with one invocation waiting: an S3 put event for an object of N classic lines (default 10) in
    /// s3rver, delivered to a Logstash-contract server. Times from process start to the first <c>next</c> and to the
    /// first response; min and median over the runs.
    /// </summary>
    public static async Task<int> StartupAsync(string[] args)
    {
        int runs = 10, lines = 10;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--lines": lines = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        await using var s3rver = await S3rverProcess.StartAsync("logs");
        await using var server = await LogstashContractServer.StartAsync();
        const string Key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/28/small.log";
        var file = EnsureClassicLog(lines);
        await UploadAsync(s3rver.Endpoint, Key, file);
        var environment = S3Environment(s3rver, server, []);
        environment["AWS_LAMBDA_FUNCTION_NAME"] = "elb-log-processor";
        string eventJson = $$"""{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"logs"},"object":{"key":"{{Key}}"} } }]}""";

        var toNext = new List<double>();
        var toResponse = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            await using var runtime = await LambdaRuntimeApiServer.StartAsync();
            var reply = runtime.InvokeAsync(eventJson, DateTimeOffset.UtcNow.AddMinutes(5));
            string[] command = ExecutableCommand();
            var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in command[1..]) start.ArgumentList.Add(a);
            foreach (var (name, value) in environment) start.Environment[name] = value;
            start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtime.Address;

            long started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
            var answer = await reply.WaitAsync(TimeSpan.FromSeconds(60));
            long answered = Stopwatch.GetTimestamp();
            long firstNext = await runtime.FirstNext.Task;
            process.Kill();
            await process.WaitForExitAsync();
            if (answer.Kind != "response") throw new InvalidOperationException($"the function answered {answer.Kind}: {answer.Body}");
            toNext.Add(Stopwatch.GetElapsedTime(started, firstNext).TotalMilliseconds);
            toResponse.Add(Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds);
        }

        static string Stats(List<double> ms) => $"min {ms.Min():F0} ms, median {ms.Order().ElementAt(ms.Count / 2):F0} ms";
        Console.WriteLine($"start-up of {Path.GetFileName(_executable)} over {runs} runs: to the first next {Stats(toNext)}; " +
                          $"to the first response ({lines} lines from s3rver to Logstash) {Stats(toResponse)}");
        return 0;
    }

    /// <summary>The executable's environment for reading from <paramref name="s3rver"/> and sending to <paramref name="server"/>.</summary>
    private static Dictionary<string, string> S3Environment(S3rverProcess s3rver, LogstashContractServer server, Dictionary<string, string> extra) =>
        new(extra)
        {
            ["LOGSTASH_URL"] = server.Url.ToString(),
            ["AWS_ENDPOINT_URL_S3"] = s3rver.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = S3rverProcess.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = S3rverProcess.SecretKey,
            ["AWS_REGION"] = "us-east-1",
        };

    private static async Task UploadAsync(Uri endpoint, string key, string file)
    {
        using var s3 = new Amazon.S3.AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(S3rverProcess.AccessKey, S3rverProcess.SecretKey),
            new Amazon.S3.AmazonS3Config
            {
                ServiceURL = endpoint.ToString(),
                ForcePathStyle = true,
                RequestChecksumCalculation = Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = Amazon.Runtime.ResponseChecksumValidation.WHEN_REQUIRED,
            });
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = "logs", Key = key, FilePath = file, UseChunkEncoding = false });
    }

    /// <summary>A generated classic log of <paramref name="lines"/> lines, made once and reused.</summary>
    public static string EnsureClassicLog(long lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"elb-bench-classic-{lines}.log");
        if (!File.Exists(path))
        {
            using var output = File.Create(path);
            new LogGenerator().Write(output, "classic", long.MaxValue, lines);
        }

        return path;
    }

    /// <summary>One run of the executable; <c>CpuSeconds</c> is user + system CPU time of its process (from <c>/usr/bin/time</c>).</summary>
    public sealed record ProcessorRun(int ExitCode, TimeSpan Wall, long PeakRssKiB, string CpuPercent, double UserSeconds, double SystemSeconds,
        JsonElement Summary, string Diagnostics, string? ProfileData = null, long MinorPageFaults = -1)
    {
        public double CpuSeconds => UserSeconds + SystemSeconds;
    }

    /// <summary>The executable the end-to-end runs start: the one built beside the benchmarks, or a published one.</summary>
    private static string _executable = Path.Combine(AppContext.BaseDirectory, "ElbLogProcessor.dll");

    /// <summary>
    /// <c>--published-aot</c>: publishes the function as <c>build.ps1</c> does (Release, NativeAOT) for this machine's
    /// runtime and runs that, so start-up and CPU are those of the deployed package; <c>--published</c>: the
    /// ReadyToRun, framework-dependent build for the <c>dotnet10</c> runtime (the package before NativeAOT), to compare.
    /// </summary>
    public static void UsePublished(bool nativeAot)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ElbLogProcessor.sln"))) root = Path.GetDirectoryName(root.TrimEnd('/'))!;
        var output = Path.Combine(root, "artifacts", nativeAot ? "bench-publish-aot" : "bench-publish");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var a in (string[])["publish", Path.Combine(root, "src", "ElbLogProcessor", "ElbLogProcessor.csproj"), "-c", "Release",
                     "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "-o", output,
                     // symbols only for a profiler: without them the runs are the package's bytes
                     StageProfile.OutputDirectory is null ? "-p:DebugType=None" : "-p:DebugType=portable",
                     .. nativeAot ? ["-p:PublishAot=true"] : new[] { "--self-contained", "false", "-p:PublishReadyToRun=true" }])
            start.ArgumentList.Add(a);
        using var publish = Process.Start(start)!;
        var log = publish.StandardOutput.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish failed: {log}");
        _executable = Path.Combine(output, nativeAot ? "bootstrap" : "ElbLogProcessor.dll");
        Console.WriteLine($"running the published {(nativeAot ? "NativeAOT" : "ReadyToRun")} build in {output}");
    }

    /// <summary>CPUs the executable may run on (<c>--cpus 0</c>: one core), through <c>taskset</c>; null: all.</summary>
    public static string? Cpus { get; set; }

    /// <summary><c>--executable PATH</c>: runs that build (a .dll through <c>dotnet</c>, or a native executable), e.g. one with symbols for a profiler.</summary>
    public static void UseExecutable(string path) => _executable = Path.GetFullPath(path);

    /// <summary>The executable the runs start (see <see cref="UsePublished"/>).</summary>
    public static string Executable => _executable;

    /// <summary>The command line that starts the executable: a .dll through <c>dotnet</c>, a native one as it is.</summary>
    private static string[] ExecutableCommand(string? executable = null)
    {
        executable ??= _executable;
        return executable.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", executable] : [executable];
    }

    /// <summary><c>NAME=VALUE</c> (of <c>--env</c>, <c>--against-env</c>) into <paramref name="variables"/>.</summary>
    private static void Set(Dictionary<string, string> variables, string assignment)
    {
        var parts = assignment.Split('=', 2);
        variables[parts[0]] = parts[1];
    }

    /// <summary>
    /// Runs the executable (or <paramref name="executable"/>) under <c>/usr/bin/time -v</c> with NDJSON output discarded:
    /// read through a pipe, or with <paramref name="toDevNull"/> written to <c>/dev/null</c> (as docs/performance.md's
    /// <c>process ... &gt; /dev/null</c>: a pipe costs the writer kernel time of its own).
    /// </summary>
    public static ProcessorRun RunProcessor(string[] arguments, Dictionary<string, string> environment, string? executable = null, bool toDevNull = false)
    {
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true };
        string[] command = ExecutableCommand(executable);
        string[] pinning = Cpus is null ? [] : ["taskset", "-c", Cpus];
        var (recorder, profileData) = StageProfile.OutputDirectory is null ? ([], null) : StageProfile.Recorder();
        // exec: the shell is replaced by the executable, so the time measured is the executable's alone
        string[] redirect = toDevNull ? ["sh", "-c", "exec \"$@\" > /dev/null", "sh"] : [];
        foreach (var a in (string[])["-v", .. pinning, .. recorder, .. redirect, .. command, .. arguments]) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        if (profileData is not null) start.Environment["DOTNET_PerfMapEnabled"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var diagnostics = process.StandardError.ReadToEnd();
        process.WaitForExit();
        drain.Wait();
        clock.Stop();

        var rss = MaxRss().Match(diagnostics);
        var summaryLine = diagnostics.Split('\n').LastOrDefault(l => l.Contains("\"ElbLogProcessor summary\""));
        var summary = summaryLine is null ? default : JsonDocument.Parse(summaryLine).RootElement.Clone();
        var cpu = CpuPercent().Match(diagnostics);
        double Seconds(Regex r) => r.Match(diagnostics) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        return new ProcessorRun(process.ExitCode, clock.Elapsed,
            rss.Success ? long.Parse(rss.Groups[1].Value, CultureInfo.InvariantCulture) : -1,
            cpu.Success ? cpu.Groups[1].Value : "?", Seconds(UserTime()), Seconds(SystemTime()), summary, diagnostics, profileData,
            MinorFaults().Match(diagnostics) is { Success: true } faults ? long.Parse(faults.Groups[1].Value, CultureInfo.InvariantCulture) : -1);
    }

    public static void Report(string title, ProcessorRun run, string extra)
    {
        long lines = run.Summary.ValueKind == JsonValueKind.Object ? run.Summary.GetProperty("Lines").GetInt64() : 0;
        Console.WriteLine($"{title}: exit {run.ExitCode}, {lines:N0} lines in {run.Wall.TotalSeconds:F2} s = " +
                          $"{lines / run.Wall.TotalSeconds:N0} lines/s (wall, incl. start-up), peak RSS {run.PeakRssKiB / 1024.0:F1} MiB, user+sys {run.CpuSeconds:F2} CPU-s (user {run.UserSeconds:F2}, sys {run.SystemSeconds:F2}; {run.CpuPercent} of one core), {run.MinorPageFaults:N0} minor page faults; {extra}");
        if (run.Summary.ValueKind == JsonValueKind.Object) Console.WriteLine($"  summary: {run.Summary}");
        if (run.ProfileData is not null) StageProfile.Print(run.ProfileData, run.CpuSeconds, lines);
        if (run.ExitCode != 0) Console.WriteLine(run.Diagnostics);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();

    [GeneratedRegex(@"Percent of CPU this job got: (\d+%)")]
    private static partial Regex CpuPercent();

    [GeneratedRegex(@"User time \(seconds\): ([\d.]+)")]
    private static partial Regex UserTime();

    [GeneratedRegex(@"System time \(seconds\): ([\d.]+)")]
    private static partial Regex SystemTime();

    [GeneratedRegex(@"Minor \(reclaiming a frame\) page faults: (\d+)")]
    private static partial Regex MinorFaults();
}
