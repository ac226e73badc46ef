using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.Events;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Summary;

/// <summary>
/// The counts of one run (one command, one Lambda invocation), logged as one JSON line at
/// the end, and again as a CloudWatch Embedded Metric Format line. Reading counters are
/// written by the single reading loop; delivery counters by concurrent senders, under a lock.
/// </summary>
internal sealed class RunSummary
{
    public const int FailuresKept = 5;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _delivery = new();
    private readonly Queue<string> _failures = new();
    private readonly SortedDictionary<string, long> _httpStatuses = new(StringComparer.Ordinal);
    private long _eventsSent, _eventsFailed, _batches, _requests, _retries, _bytesDelivered, _bytesAttempted;
    private readonly List<string> _stoppedAt = [];
    private string? _lastDeliveryFailure, _lastUndeliveredReason, _gaveUp, _failingNow;
    private string[] _rules = [];
    private long[] _leftOutByRule = [];

    private readonly long[] _eventsByKind = new long[LogKind.All.Length];

    public long Lines { get; private set; }
    public long Blank { get; private set; }
    public long Malformed { get; private set; }

    /// <summary>Lines longer than MAX_LINE_BYTES, sent as their first bytes (one event each).</summary>
    public long Truncated { get; private set; }

    /// <summary>The DROP_WHEN and SAMPLE_WHEN rules as configured (their numbers are 1-based positions here); empty when none.</summary>
    public IReadOnlyList<string> Rules
    {
        get => _rules;
        init => (_rules, _leftOutByRule) = ([.. value], new long[value.Count]);
    }

    /// <summary>Lines a rule left out: no event was made of them.</summary>
    public long LeftOut { get; private set; }

    /// <summary>Lines the rule numbered <paramref name="rule"/> (1-based) left out.</summary>
    public long LeftOutBy(int rule) => _leftOutByRule[rule - 1];

    /// <summary><c>207 (user_agent^=ELB-HealthChecker: 68; elb_status_code=2xx@0.1: 126; ...)</c>: lines left out, in all and per rule.</summary>
    public string LeftOutText() => $"{LeftOut:N0} (" + string.Join("; ", _rules.Select((rule, i) => $"{rule}: {_leftOutByRule[i]:N0}")) + ")";

    /// <summary>Decoded (decompressed) bytes read from every source.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Sources (files, objects) whose reading started or failed to start.</summary>
    public int Sources { get; private set; }

    /// <summary>Sources that could not be opened or read to their end.</summary>
    public int SourcesFailed { get; private set; }

    /// <summary>Sources stopped for lack of time, their rest handed over: not a failure.</summary>
    public int SourcesHandedOver { get; private set; }

    /// <summary>Sources stopped on request (Ctrl+C, SIGTERM) before their end: what was read is delivered, the rest not read.</summary>
    public int SourcesInterrupted { get; private set; }

    /// <summary>Of <see cref="SourcesFailed"/>, those that are not a log this function reads (another delivery format).</summary>
    public int SourcesNotLogs { get; private set; }

    /// <summary>Objects not read because they are not logs (the ELB test file).</summary>
    public int SourcesSkipped { get; private set; }

    /// <summary>Where reading stopped for lack of time, as <c>s3://bucket/key from line N (byte M)</c>.</summary>
    public IReadOnlyList<string> StoppedAt => _stoppedAt;

    /// <summary>The hand-over was sent to its queue (written as <c>ContinuationSent</c>, the summary's name for it).</summary>
    public bool HandOverSent { get; set; }

    /// <summary>The run was stopped on request (Ctrl+C, SIGTERM): <see cref="StoppedAt"/> says where, and nothing was handed over.</summary>
    public bool Interrupted { get; set; }

    /// <summary>
    /// Where and why the last batch that failed every attempt was not delivered (<c>to URL: cause (N attempts over T)</c>);
    /// null when none did. Batches given up without an attempt, or stopped, do not replace it: it is the cause.
    /// </summary>
    public string? LastDeliveryFailure { get { lock (_delivery) return _lastDeliveryFailure; } }

    /// <summary>Events handed over for delivery (every non-blank line).</summary>
    public long Events => _eventsByKind.Sum() + Malformed + Truncated;

    /// <summary>Events parsed as lines of <paramref name="kind"/>.</summary>
    public long EventsOf(LogKind kind) => _eventsByKind[kind.Index];

    /// <summary>Events the receiver accepted.</summary>
    public long EventsSent { get { lock (_delivery) return _eventsSent; } }

    /// <summary>Events that definitely were not delivered.</summary>
    public long EventsFailed { get { lock (_delivery) return _eventsFailed; } }

    /// <summary>Batches (request bodies) the receiver accepted.</summary>
    public long Batches { get { lock (_delivery) return _batches; } }

    /// <summary>HTTP attempts, first tries and retries.</summary>
    public long Requests { get { lock (_delivery) return _requests; } }

    public long Retries { get { lock (_delivery) return _retries; } }

    /// <summary>Bytes delivered: of the request bodies Logstash accepted, as sent (after gzip); of NDJSON written to stdout.</summary>
    public long BytesDelivered { get { lock (_delivery) return _bytesDelivered; } }

    /// <summary>Bytes of every request body sent to Logstash, each retry's included, accepted or not (0 for stdout).</summary>
    public long BytesAttempted { get { lock (_delivery) return _bytesAttempted; } }

    /// <summary>Attempts per outcome: the HTTP status (<c>"200"</c>, <c>"429"</c>) or <c>"timeout"</c>, <c>"connection"</c>.</summary>
    public IReadOnlyDictionary<string, long> HttpStatuses
    {
        get { lock (_delivery) return new SortedDictionary<string, long>(_httpStatuses, StringComparer.Ordinal); }
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The last <see cref="FailuresKept"/> failure messages, oldest first.</summary>
    public IReadOnlyList<string> LastFailures
    {
        get { lock (_delivery) return [.. _failures]; }
    }

    public void RecordLine(LineResult line)
    {
        Lines++;
        if (line.IsBlank) Blank++;
        else if (line.LeftOutBy > 0)
        {
            LeftOut++;
            _leftOutByRule[line.LeftOutBy - 1]++;
        }
        else if (line.IsCut) Truncated++;
        else if (line.IsMalformed) Malformed++;
        else _eventsByKind[line.Kind!.Index]++;
    }

    public void RecordSkipped() => SourcesSkipped++;

    public void RecordStoppedAt(string position) => _stoppedAt.Add(position);

    /// <summary>How reading one source ended (<paramref name="bytesRead"/> decoded bytes of it this run).</summary>
    public void RecordSource(SourceOutcome outcome, long bytesRead = 0)
    {
        Sources++;
        BytesRead += bytesRead;
        if (outcome is SourceOutcome.Failed or SourceOutcome.NotALog) SourcesFailed++;
        if (outcome == SourceOutcome.NotALog) SourcesNotLogs++;
        else if (outcome == SourceOutcome.HandedOver) SourcesHandedOver++;
        else if (outcome == SourceOutcome.Interrupted) SourcesInterrupted++;
    }

    /// <summary>A batch of <paramref name="events"/> was accepted; <paramref name="bytes"/> as sent.</summary>
    public void RecordDelivered(int events, long bytes)
    {
        lock (_delivery)
        {
            _eventsSent += events;
            _bytesDelivered += bytes;
            _batches++;
        }
    }

    /// <summary><paramref name="events"/> will not be delivered, for <paramref name="reason"/>.</summary>
    public void RecordUndelivered(int events, string reason)
    {
        lock (_delivery)
        {
            _eventsFailed += events;
            _lastUndeliveredReason = reason;
            KeepFailure($"{events} events not delivered: {reason}");
        }
    }

    /// <summary>
    /// <paramref name="events"/> will not be delivered to <paramref name="target"/>, after every attempt:
    /// <paramref name="cause"/> becomes <see cref="LastDeliveryFailure"/>.
    /// </summary>
    public void RecordDeliveryFailure(int events, Uri target, string cause)
    {
        lock (_delivery)
        {
            _eventsFailed += events;
            _lastDeliveryFailure = $"to {target}: {cause}";
            KeepFailure($"{events} events not delivered {_lastDeliveryFailure}");
        }
    }

    /// <summary>
    /// One line for the events not delivered: <c>200 of 200 events not delivered to URL: cause (8 attempts over 54 s)</c>;
    /// null when every event was.
    /// </summary>
    public string? UndeliveredMessage()
    {
        lock (_delivery)
        {
            if (_eventsFailed == 0) return null;
            return $"{_eventsFailed} of {Events} events not delivered" +
                   (_lastDeliveryFailure is { } cause ? $" {cause}" : _lastUndeliveredReason is { } reason ? $": {reason}" : "") +
                   (_gaveUp is { } gaveUp ? $"; {gaveUp}" : "");
        }
    }

    /// <summary>The run gave up on Logstash: <paramref name="how"/> says after how many batches and how long it was failing.</summary>
    public void RecordGaveUp(string how)
    {
        lock (_delivery)
        {
            _gaveUp = how;
            KeepFailure(how);
        }
    }

    /// <summary>
    /// One HTTP attempt of <paramref name="bytes"/> and how it ended: <paramref name="failure"/> says why it failed (null when
    /// it was accepted).
    /// </summary>
    public void RecordAttempt(string outcome, string? failure, long bytes)
    {
        lock (_delivery)
        {
            _requests++;
            _bytesAttempted += bytes;
            _httpStatuses[outcome] = _httpStatuses.GetValueOrDefault(outcome) + 1;
            _failingNow = failure;
        }
    }

    /// <summary>Why the last attempt failed, while delivery is failing (retrying); null once an attempt succeeds.</summary>
    public string? FailingNow { get { lock (_delivery) return _failingNow; } }

    public void RecordRetry()
    {
        lock (_delivery) _retries++;
    }

    /// <summary>
    /// Adds <paramref name="part"/>'s counts (one object's run) to this summary; its failures are kept
    /// after this one's. Safe to call from several readers at once.
    /// </summary>
    public void Add(RunSummary part)
    {
        lock (_delivery)
        {
            Lines += part.Lines;
            Blank += part.Blank;
            Malformed += part.Malformed;
            Truncated += part.Truncated;
            if (_rules.Length == 0 && part._rules.Length > 0) (_rules, _leftOutByRule) = (part._rules, new long[part._rules.Length]);
            LeftOut += part.LeftOut;
            for (int i = 0; i < part._leftOutByRule.Length && i < _leftOutByRule.Length; i++) _leftOutByRule[i] += part._leftOutByRule[i];
            for (int i = 0; i < _eventsByKind.Length; i++) _eventsByKind[i] += part._eventsByKind[i];
            BytesRead += part.BytesRead;
            Sources += part.Sources;
            SourcesFailed += part.SourcesFailed;
            SourcesHandedOver += part.SourcesHandedOver;
            SourcesInterrupted += part.SourcesInterrupted;
            SourcesNotLogs += part.SourcesNotLogs;
            SourcesSkipped += part.SourcesSkipped;
            _eventsSent += part.EventsSent;
            _eventsFailed += part.EventsFailed;
            _batches += part.Batches;
            _requests += part.Requests;
            _retries += part.Retries;
            _bytesDelivered += part.BytesDelivered;
            _bytesAttempted += part.BytesAttempted;
            foreach (var (status, count) in part.HttpStatuses) _httpStatuses[status] = _httpStatuses.GetValueOrDefault(status) + count;
            foreach (var failure in part.LastFailures) KeepFailure(failure);
            if (part.LastDeliveryFailure is { } cause) _lastDeliveryFailure = cause;
            if (part._lastUndeliveredReason is { } reason) _lastUndeliveredReason = reason;
            if (part._gaveUp is { } gaveUp) _gaveUp = gaveUp;
        }
    }

    /// <summary>Keeps a failure message; only the last few are reported.</summary>
    public void RecordFailure(string message)
    {
        lock (_delivery) KeepFailure(message);
    }

    private void KeepFailure(string message)
    {
        if (_failures.Count == FailuresKept) _failures.Dequeue();
        _failures.Enqueue(message);
    }

    public void WriteJson(Utf8JsonWriter w)
    {
        double seconds = Elapsed.TotalSeconds;
        w.WriteStartObject();
        w.WriteString("Message", "ElbLogProcessor summary");
        w.WriteNumber("Sources", Sources);
        w.WriteNumber("SourcesFailed", SourcesFailed);
        if (SourcesHandedOver > 0) w.WriteNumber("SourcesHandedOver", SourcesHandedOver);
        if (SourcesInterrupted > 0) w.WriteNumber("SourcesInterrupted", SourcesInterrupted);
        if (SourcesNotLogs > 0) w.WriteNumber("SourcesNotLogs", SourcesNotLogs);
        if (SourcesSkipped > 0) w.WriteNumber("SourcesSkipped", SourcesSkipped);
        if (_stoppedAt.Count > 0)
        {
            w.WriteStartArray("StoppedAt");
            foreach (var position in _stoppedAt) w.WriteStringValue(position);
            w.WriteEndArray();
            if (Interrupted) w.WriteBoolean("Interrupted", true);
            else w.WriteBoolean("ContinuationSent", HandOverSent);
        }

        w.WriteNumber("Lines", Lines);
        w.WriteStartObject("Events");
        foreach (var kind in LogKind.All) w.WriteNumber(kind.Name, EventsOf(kind));
        w.WriteEndObject();
        w.WriteNumber("Malformed", Malformed);
        if (Truncated > 0) w.WriteNumber("Truncated", Truncated);
        if (_rules.Length > 0)
        {
            w.WriteNumber("LeftOut", LeftOut);
            w.WriteStartObject("LeftOutByRule");
            for (int i = 0; i < _rules.Length; i++) w.WriteNumber(_rules[i], _leftOutByRule[i]);
            w.WriteEndObject();
        }

        w.WriteNumber("Blank", Blank);
        w.WriteNumber("EventsSent", EventsSent);
        w.WriteNumber("EventsFailed", EventsFailed);
        w.WriteNumber("Batches", Batches);
        w.WriteNumber("Requests", Requests);
        w.WriteNumber("Retries", Retries);
        w.WriteStartObject("HttpStatuses");
        foreach (var (status, count) in HttpStatuses) w.WriteNumber(status, count);
        w.WriteEndObject();
        w.WriteNumber("BytesRead", BytesRead);
        w.WriteNumber("BytesDelivered", BytesDelivered);
        w.WriteNumber("BytesAttempted", BytesAttempted);
        // The rate from the seconds as written, so that a reader who divides gets the same number.
        double written = Math.Round(seconds, 3);
        w.WriteNumber("Seconds", written);
        w.WriteNumber("LinesPerSecond", written > 0 ? Math.Round(Lines / written) : 0);
        w.WriteStartArray("LastFailures");
        foreach (var failure in LastFailures) w.WriteStringValue(failure);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The counts as a CloudWatch Embedded Metric Format record: written to the function's
    /// log, CloudWatch turns them into metrics (namespace <paramref name="metricsNamespace"/>,
    /// dimension <c>FunctionName</c>) with no API call.
    /// </summary>
    public void WriteEmbeddedMetrics(Utf8JsonWriter w, string metricsNamespace, string functionName, DateTimeOffset now)
    {
        (string Name, string Unit, double Value)[] metrics =
        [
            ("Lines", "Count", Lines), ("Events", "Count", Events),
            .. LogKind.All.Select(kind => (kind.MetricName, "Count", (double)EventsOf(kind))),
            ("Malformed", "Count", Malformed), ("Truncated", "Count", Truncated),
            ("Blank", "Count", Blank), ("EventsSent", "Count", EventsSent), ("EventsFailed", "Count", EventsFailed),
            ("Batches", "Count", Batches), ("Retries", "Count", Retries), ("SourcesFailed", "Count", SourcesFailed),
            ("SourcesHandedOver", "Count", SourcesHandedOver), ("SourcesNotLogs", "Count", SourcesNotLogs),
            ("BytesRead", "Bytes", BytesRead), ("BytesDelivered", "Bytes", BytesDelivered),
            ("BytesAttempted", "Bytes", BytesAttempted),
            ("Duration", "Seconds", Math.Round(Elapsed.TotalSeconds, 3)),
            .. _rules.Length == 0 ? [] : new[] { ("LeftOut", "Count", (double)LeftOut) },
            .. _rules.Select((_, i) => ($"LeftOutRule{i + 1}", "Count", (double)_leftOutByRule[i])),
        ];

        w.WriteStartObject();
        w.WriteStartObject("_aws");
        w.WriteNumber("Timestamp", now.ToUnixTimeMilliseconds());
        w.WriteStartArray("CloudWatchMetrics");
        w.WriteStartObject();
        w.WriteString("Namespace", metricsNamespace);
        w.WriteStartArray("Dimensions");
        w.WriteStartArray();
        w.WriteStringValue("FunctionName");
        w.WriteEndArray();
        w.WriteEndArray();
        w.WriteStartArray("Metrics");
        foreach (var (name, unit, _) in metrics)
        {
            w.WriteStartObject();
            w.WriteString("Name", name);
            w.WriteString("Unit", unit);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("FunctionName", functionName);
        foreach (var (name, _, value) in metrics) w.WriteNumber(name, value);
        w.WriteEndObject();
    }

    /// <summary>The summary as one line of JSON.</summary>
    public string ToJson() => Serialize(WriteJson);

    /// <summary>The EMF record as one line of JSON.</summary>
    public string ToEmbeddedMetricsJson(string metricsNamespace, string functionName) =>
        Serialize(w => WriteEmbeddedMetrics(w, metricsNamespace, functionName, DateTimeOffset.UtcNow));

    private static string Serialize(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EventJson.Encoder }))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
