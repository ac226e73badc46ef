using System.Text.Json.Serialization;

namespace ElbLogProcessor.Backfill;

/// <summary>What became of one object of a backfill.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Outcome">Completed, AlreadyDone, TestObject, NotALog, Failed, Interrupted, NotStarted or Queued.</param>
/// <param name="Lines">Lines read this run.</param>
/// <param name="EventsFailed">Events not delivered.</param>
/// <param name="Reason">Why it did not complete, when it did not.</param>
internal sealed record ObjectResult(string Key, string Outcome, long Lines = 0, long EventsFailed = 0, string? Reason = null)
{
    public const string Completed = nameof(Completed);
    public const string AlreadyDone = nameof(AlreadyDone);
    public const string TestObject = nameof(TestObject);
    public const string NotALog = nameof(NotALog);
    public const string Failed = nameof(Failed);
    public const string Interrupted = nameof(Interrupted);
    public const string NotStarted = nameof(NotStarted);
    public const string Queued = nameof(Queued);

    /// <summary>Nothing is left to do for the object: sent now, sent before, or queued for the function.</summary>
    [JsonIgnore]
    public bool IsCompleted => Outcome is Completed or AlreadyDone or Queued;

    /// <summary>An outcome in words, for a person (<c>NotStarted</c>: <c>not started</c>).</summary>
    public static string InWords(string outcome) => outcome switch
    {
        Completed => "completed",
        AlreadyDone => "already done",
        TestObject => "ELB test files",
        NotALog => "not logs",
        Failed => "failed",
        Interrupted => "interrupted",
        NotStarted => "not started",
        Queued => "queued",
        _ => outcome,
    };
}
