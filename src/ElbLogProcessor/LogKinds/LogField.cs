namespace ElbLogProcessor.LogKinds;

/// <summary>
/// One field of a log kind, at its position in the legacy line (its index in <see cref="LogKind.Fields"/>).
/// </summary>
/// <param name="Name">
/// AWS's name for it, as the CloudWatch-vended record fields name it (the legacy guides' names where a kind has no
/// vended delivery); lower-case snake_case. What filters and the vended readers match on.
/// </param>
/// <param name="Kind">What its value is.</param>
/// <param name="Elb">
/// Its name in the <c>elb</c> schema (docs/event-schema.md, a contract); null only for a <see cref="ValueKind.Port"/>,
/// which that schema sends with the address before it.
/// </param>
/// <param name="Ecs">
/// The ECS fields it becomes (docs/ecs-mapping.md), in the order that document lists them; empty when it is not
/// sent. Declared without it, a field is <c>aws.elb.&lt;Name&gt;</c>, which the ECS writer sends with no mapping of its own.
/// </param>
internal sealed record LogField(string Name, ValueKind Kind, string? Elb, string[] Ecs)
{
    /// <summary>A number the parser checks and writes as JSON number text while it reads the line.</summary>
    public bool IsNumber => Kind is ValueKind.Integer or ValueKind.Port or ValueKind.Seconds or ValueKind.Milliseconds;

    /// <summary>The one ECS field this field becomes when it has no mapping of its own: <c>aws.elb.&lt;Name&gt;</c> unless declared otherwise.</summary>
    public string? SingleEcsField => Ecs.Length == 1 ? Ecs[0] : null;

    /// <summary>A CloudWatch-vended record of the kind carries it (false for fields only legacy lines have so far).</summary>
    public bool InVendedRecords { get; init; } = true;
}
