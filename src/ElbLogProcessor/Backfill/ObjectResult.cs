using System.Text.Json.Serialization;

namespace ElbLogProcessor.Backfill;

/// <summary>What became of one object of a backfill.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Lines">Lines read this run.</param>
/// <param name="EventsFailed">Events not delivered.</param>
/// <param name="Reason">Why it did not complete, when it did not.</param>
/// <param name="LeftOut">Lines a DROP_WHEN or SAMPLE_WHEN rule left out (written only when there were some).</param>
internal sealed record ObjectResult(string Key, ObjectOutcome Outcome, long Lines = 0, long EventsFailed = 0, string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] long LeftOut = 0)
{
    /// <summary>Nothing is left to do for the object: sent now, sent before, or queued for the function.</summary>
    [JsonIgnore]
    public bool IsCompleted => Outcome is ObjectOutcome.Completed or ObjectOutcome.AlreadyDone or ObjectOutcome.Queued;
}

/// <summary>What became of one object of a backfill (written by name in the results and reports).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ObjectOutcome>))]
internal enum ObjectOutcome
{
    Completed,
    AlreadyDone,
    TestObject,
    NotALog,
    Failed,
    Interrupted,
    NotStarted,
    Queued,
}

/// <summary>Outcomes in words, for a person.</summary>
internal static class ObjectOutcomeWords
{
    /// <summary><c>NotStarted</c>: <c>not started</c>.</summary>
    public static string InWords(this ObjectOutcome outcome) => outcome switch
    {
        ObjectOutcome.Completed => "completed",
        ObjectOutcome.AlreadyDone => "already done",
        ObjectOutcome.TestObject => "ELB test files",
        ObjectOutcome.NotALog => "not logs",
        ObjectOutcome.Failed => "failed",
        ObjectOutcome.Interrupted => "interrupted",
        ObjectOutcome.NotStarted => "not started",
        _ => "queued",
    };
}
