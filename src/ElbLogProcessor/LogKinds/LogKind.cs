namespace ElbLogProcessor.LogKinds;

/// <summary>
/// One kind of log a load balancer writes (docs/log-formats.md, docs/log-kinds.md), declared once: its fields in
/// legacy-line order with their AWS names, value kinds and names in both event schemas, how its lines are told
/// apart, and how the summary and the events name it. The parser, the detector, both event writers, the summary
/// and the docs tests read it; nothing else restates a field's position.
/// </summary>
internal sealed class LogKind
{
    private int _index = -1;

    /// <summary>How messages and the summary's <c>Events</c> counts name the kind (<c>classic</c>, <c>application</c>, ...).</summary>
    public required string Name { get; init; }

    /// <summary>The <c>LoadBalancerType</c> of its <c>elb</c> events: <c>classic</c>, <c>application</c> or <c>network</c>.</summary>
    public required string LoadBalancerType { get; init; }

    /// <summary>The <c>LogType</c> of its <c>elb</c> events; null for access logs (their schema predates it, downstream).</summary>
    public string? LogType { get; init; }

    /// <summary>The CloudWatch metric counting its events (<c>ClassicEvents</c>, ...).</summary>
    public required string MetricName { get; init; }

    /// <summary>
    /// The CloudWatch Logs log type of its vended deliveries (<c>ALB_ACCESS_LOGS</c>, ...); null for a kind that AWS
    /// delivers only as legacy lines (classic).
    /// </summary>
    public string? VendedLogType { get; init; }

    /// <summary>Quoted fields may hold spaces (NLB fields are never quoted: its ALPN list holds literal quotes).</summary>
    public bool QuoteAware { get; init; } = true;

    /// <summary>Fields of the oldest layout still read back; fewer is a parse failure. Fields past <see cref="Fields"/> are kept as extra fields.</summary>
    public required int MinimumFields { get; init; }

    /// <summary>How its lines start (what tells it apart from the other kinds).</summary>
    public required LineShape Shape { get; init; }

    /// <summary>How AWS names its objects (<c>conn_log_</c>), when the name tells the kind; the shape then also takes a <c>-</c> where it is ambiguous.</summary>
    public string[] FileNamePrefixes { get; init; } = [];

    /// <summary>Every field this version knows, in the order of the legacy line.</summary>
    public required LogField[] Fields { get; init; }

    /// <summary>Indexes of the fields that must hold a number, in order: what a line is checked for.</summary>
    public int[] NumberFields => field ??= [.. Enumerable.Range(0, Fields.Length).Where(i => Fields[i].IsNumber)];

    /// <summary>Each field's <see cref="LogField.Kind"/>, by position: what the per-line loops read.</summary>
    public ValueKind[] ValueKinds => field ??= [.. Fields.Select(f => f.Kind)];

    /// <summary>The fields a vended record carries, in AWS's order (the legacy line's, without <see cref="LogField.InVendedRecords"/> false).</summary>
    public LogField[] VendedFields => field ??= [.. Fields.Where(f => f.InVendedRecords)];

    /// <summary>
    /// The position of the field a vended record names <paramref name="name"/> (compared as <see cref="FieldName"/>
    /// does: any case, without <c>_ : - .</c>), or -1.
    /// </summary>
    public int IndexOfNamed(ReadOnlySpan<byte> name)
    {
        Span<char> key = stackalloc char[FieldName.MaxLength];
        int length = FieldName.Normalize(name, key);
        return length >= 0 && NormalizedIndex.TryGetValue(key[..length], out int index) ? index : -1;
    }

    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> NormalizedIndex =>
        field.Dictionary is not null ? field : field = Enumerable.Range(0, Fields.Length)
            .ToDictionary(i => FieldName.Normalize(Fields[i].Name), i => i).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The vended log type whose names <paramref name="names"/> match best (at least half of its names, and three;
    /// compared as <see cref="IndexOfNamed"/> does): a vended object holds records of one log type, all named.
    /// </summary>
    /// <returns>The kind, or null when the names are no ELB log type's.</returns>
    public static LogKind? OfNames(IReadOnlyCollection<string> names)
    {
        LogKind? best = null;
        int bestMatched = 0;
        foreach (var kind in Vended)
        {
            int matched = names.Count(n => kind.IndexOfNamed(System.Text.Encoding.UTF8.GetBytes(n)) >= 0);
            if (matched > bestMatched || (matched == bestMatched && best is not null && kind.Fields.Length < best.Fields.Length))
                (best, bestMatched) = (kind, matched);
        }

        return best is not null && bestMatched >= 3 && bestMatched * 2 >= best.VendedFields.Length ? best : null;
    }

    /// <summary>The kinds AWS delivers through CloudWatch vended delivery.</summary>
    public static LogKind[] Vended => field ??= [.. All.Where(kind => kind.VendedLogType is not null)];

    /// <summary>The kind's place in <see cref="All"/> (per-kind counts and caches are arrays indexed by it).</summary>
    public int Index => _index >= 0 ? _index : _index = Array.IndexOf(All, this);

    /// <summary>The position of the field AWS names <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The kind has no such field (a mapping naming a field that was renamed or removed).</exception>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Fields.Length; i++)
            if (Fields[i].Name == name) return i;
        throw new ArgumentException($"the {Name} log declares no field '{name}'", nameof(name));
    }

    /// <summary>Every kind, in the order the summary lists them.</summary>
    public static LogKind[] All { get; } =
        [ClassicAccessLog.Kind, AlbAccessLog.Kind, NlbAccessLog.Kind, AlbConnectionLog.Kind, AlbHealthCheckLog.Kind];

    /// <summary>The most fields any kind declares.</summary>
    public static int MaxFields { get; } = All.Max(kind => kind.Fields.Length);

    /// <summary>The kind an object's file name announces (AWS's key layout), or null when it names none.</summary>
    public static LogKind? NamedBy(string objectName)
    {
        var file = objectName.AsSpan(objectName.LastIndexOfAny(['/', '\\']) + 1);
        foreach (var kind in All)
            foreach (var prefix in kind.FileNamePrefixes)
                if (file.StartsWith(prefix, StringComparison.Ordinal)) return kind;
        return null;
    }

    public override string ToString() => Name;
}
