using System.Text.Json;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// How the fields of one log kind become an ECS event: one method per part of the document, called by
/// <see cref="EcsEventWriter"/> in document order between the parts every kind shares. Field positions come from
/// the kind's declaration, by AWS name (<see cref="Field"/>). A declared field no method here writes is sent as its
/// declaration names it (<c>aws.elb.&lt;AWS name&gt;</c>), after the kind's own <c>aws.elb</c> members: adding a field
/// AWS appends needs no code here.
/// </summary>
internal abstract class EcsMapping
{
    private readonly HashSet<int> _written = [];

    protected EcsMapping(LogKind kind, string timeField)
    {
        Kind = kind;
        Time = Field(timeField);
        RequestLine = -1;
    }

    public LogKind Kind { get; }

    /// <summary>The field of the event's time (<c>@timestamp</c>, <c>event.end</c>).</summary>
    public int Time { get; }

    /// <summary>The request line's field, split once per line into <see cref="EcsLine.Request"/>; -1 when the kind has none.</summary>
    public int RequestLine { get; protected init; }

    /// <summary>The position of the field AWS names <paramref name="name"/>, which this mapping then writes itself.</summary>
    protected int Field(string name)
    {
        int index = Kind.IndexOf(name);
        _written.Add(index);
        return index;
    }

    /// <summary>The declared fields no method of the mapping writes: each under its one ECS name, inside <c>aws.elb</c>.</summary>
    private (int Index, JsonName Name, bool IsNumber)[] DeclaredOnly => field ??= FindDeclaredOnly();

    public abstract void WriteAws(ref EcsDocument doc, scoped in EcsLine line);

    public virtual void WriteDestination(ref EcsDocument doc, scoped in EcsLine line) { }

    /// <summary>The <c>event.category</c>.</summary>
    public abstract JsonEncodedText Category(scoped in EcsLine line);

    /// <summary>Members of <c>event</c> written before its common ones (dataset, end, id, kind, original).</summary>
    public virtual void WriteEventBeforeCommon(ref EcsDocument doc, scoped in EcsLine line) { }

    /// <summary>Members of <c>event</c> written after its common ones (outcome, start, reason, type).</summary>
    public virtual void WriteEventAfterCommon(ref EcsDocument doc, scoped in EcsLine line) { }

    public virtual void WriteHttp(ref EcsDocument doc, scoped in EcsLine line) { }

    public virtual void WriteObserverAndSource(ref EcsDocument doc, scoped in EcsLine line) { }

    public virtual void WriteTls(ref EcsDocument doc, scoped in EcsLine line) { }

    public virtual void WriteTraceUrlAndUserAgent(ref EcsDocument doc, scoped in EcsLine line) { }

    /// <summary>The declared fields the mapping does not write, under their declared names (text, or numbers for integers).</summary>
    public void WriteDeclaredOnly(ref EcsDocument doc, scoped in EcsLine line)
    {
        foreach (var (index, name, isNumber) in DeclaredOnly)
        {
            if (isNumber) doc.Number(EcsNames.AwsElb, name, line, index);
            else doc.Text(EcsNames.AwsElb, name, line, index);
        }
    }

    private (int, JsonName, bool)[] FindDeclaredOnly()
    {
        var found = new List<(int, JsonName, bool)>();
        for (int i = 0; i < Kind.Fields.Length; i++)
        {
            var declared = Kind.Fields[i];
            if (_written.Contains(i) || declared.Ecs.Length == 0) continue;
            const string parent = "aws.elb.";
            if (declared.SingleEcsField is not { } ecs || !ecs.StartsWith(parent, StringComparison.Ordinal) || ecs.IndexOf('.', parent.Length) >= 0 ||
                declared.Kind is not (ValueKind.Text or ValueKind.Timestamp or ValueKind.Endpoint or ValueKind.Ip or ValueKind.Integer))
            {
                throw new InvalidOperationException(
                    $"the {Kind.Name} log's field '{declared.Name}' ({declared.Kind}, ECS {string.Join(", ", declared.Ecs)}) needs a line in {GetType().Name}: " +
                    "only a text or integer field sent as one aws.elb.<name> member needs none");
            }

            found.Add((i, new JsonName(ecs[parent.Length..]), declared.Kind == ValueKind.Integer));
        }

        return [.. found];
    }

    /// <summary>The mapping of <paramref name="kind"/>.</summary>
    public static EcsMapping For(LogKind kind) => ByKind[kind.Index];

    private static readonly EcsMapping[] ByKind = Align(
        [new ClassicAccessMapping(), new AlbAccessMapping(), new NlbAccessMapping(), new AlbConnectionMapping(), new AlbHealthCheckMapping()]);

    private static EcsMapping[] Align(EcsMapping[] mappings) =>
        [.. LogKind.All.Select(kind => mappings.SingleOrDefault(m => m.Kind == kind) ??
                                        throw new InvalidOperationException($"no ECS mapping for the {kind.Name} log"))];
}
