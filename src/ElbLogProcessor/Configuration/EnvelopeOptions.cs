namespace ElbLogProcessor.Configuration;

/// <summary>The configured fields every event carries (docs/event-schema.md, Envelope).</summary>
internal sealed record EnvelopeOptions
{
    public const string DefaultType = "logs";
    public const string DefaultSourceModuleName = "ELB";

    /// <summary><c>Type</c> (EVENT_TYPE).</summary>
    public string Type { get; init; } = DefaultType;

    /// <summary><c>SourceModuleName</c> (SOURCE_MODULE_NAME).</summary>
    public string SourceModuleName { get; init; } = DefaultSourceModuleName;

    /// <summary><c>Component</c> (COMPONENT); omitted from events when null.</summary>
    public string? Component { get; init; }

    /// <summary><c>Environment</c> (ENVIRONMENT); omitted from events when null.</summary>
    public string? Environment { get; init; }

    /// <summary><c>Application</c> (APPLICATION); omitted from events when null.</summary>
    public string? Application { get; init; }
}
