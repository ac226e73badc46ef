namespace ElbLogProcessor.LogKinds;

/// <summary>The words a log-kind declaration is written in: one line per field.</summary>
internal static class Declare
{
    /// <summary>A field; without <paramref name="ecs"/>, its ECS field is <c>aws.elb.&lt;name&gt;</c>.</summary>
    public static LogField Field(string name, ValueKind kind, string? elb, params string[] ecs) =>
        new(name, kind, elb, ecs.Length == 0 ? [$"aws.elb.{name}"] : ecs);

    /// <summary>A field the ECS schema does not send (as the integration's pipeline drops it).</summary>
    public static LogField NotInEcs(string name, ValueKind kind, string elb) => new(name, kind, elb, []);

    /// <summary>A field only legacy lines carry: a CloudWatch-vended record of the kind has no such field (yet).</summary>
    public static LogField LegacyOnly(string name, ValueKind kind, string? elb, params string[] ecs) =>
        Field(name, kind, elb, ecs) with { InVendedRecords = false };
}
