using ElbLogProcessor.Failures;

namespace ElbLogProcessor.Configuration;

/// <summary>Which event schema the events follow (EVENT_SCHEMA).</summary>
internal enum EventSchemaKind
{
    /// <summary>The schema of the pipeline this function replaces (docs/event-schema.md): the default, unchanged.</summary>
    Elb,

    /// <summary>The Elastic Common Schema, as Elastic's AWS integration shapes ELB logs (docs/ecs-mapping.md).</summary>
    Ecs,
}

/// <summary>The event schema, and what the ECS schema adds: the data stream's namespace and whether the original line is kept.</summary>
internal sealed record EcsOptions
{
    public const string SchemaVariable = "EVENT_SCHEMA";
    public const string NamespaceVariable = "DATA_STREAM_NAMESPACE";
    public const string PreserveOriginalVariable = "ECS_PRESERVE_ORIGINAL";
    public const string DefaultNamespace = "default";

    public EventSchemaKind Schema { get; init; } = EventSchemaKind.Elb;

    /// <summary><c>data_stream.namespace</c>: the events go to <c>logs-aws.elb_logs-&lt;namespace&gt;</c>.</summary>
    public string DataStreamNamespace { get; init; } = DefaultNamespace;

    /// <summary>Keep the line in <c>event.original</c> (and tag <c>preserve_original_event</c>), as the integration's option of that name does.</summary>
    public bool PreserveOriginal { get; init; }

    public static EventSchemaKind ParseSchema(string? text) => text?.ToLowerInvariant() switch
    {
        null or "elb" => EventSchemaKind.Elb,
        "ecs" => EventSchemaKind.Ecs,
        _ => throw new ConfigurationException(SchemaVariable, $"'{text}' is not elb or ecs"),
    };

    /// <summary>A namespace as Elasticsearch takes it in a data stream name: 1 to 100 lower-case characters, no '-' and none of <c>\/*?"&lt;&gt;| ,#:</c>.</summary>
    public static string ParseNamespace(string? text)
    {
        if (text is null) return DefaultNamespace;
        bool valid = text.Length <= 100 && text == text.ToLowerInvariant() && text.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',', '#', ':', '-']) < 0 &&
                     text[0] is not ('_' or '+' or '.');
        return valid
            ? text
            : throw new ConfigurationException(NamespaceVariable,
                $"'{text}' is not a data stream namespace: up to 100 lower-case characters, without '-' or any of \\ / * ? \" < > | , # : or a space, not starting with _ + or .");
    }
}
