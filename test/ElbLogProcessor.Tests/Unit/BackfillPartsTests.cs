using System.Text.Json;
using ElbLogProcessor.Backfill;
using ElbLogProcessor.Invocation;
using ElbLogProcessor.Replay;
using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>The pieces of backfill and replay that need no server: locations, name filters, days, the state file, the messages.</summary>
[Trait("Category", Category.Unit)]
public sealed class BackfillPartsTests : IDisposable
{
    private readonly TempFolder _folder = new("elb-state-");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("s3://my-logs", "my-logs", "")]
    [InlineData("s3://my-logs/", "my-logs", "")]
    [InlineData("s3://my-logs/AWSLogs/123456789012/", "my-logs", "AWSLogs/123456789012/")]
    [InlineData("s3://my-logs/prefix without slash", "my-logs", "prefix without slash")]
    public void S3_locations_are_read_into_bucket_and_prefix(string text, string bucket, string prefix) =>
        Assert.Equal(new S3Location(bucket, prefix), S3Location.Parse(text));

    [Theory]
    [InlineData("my-logs/AWSLogs")]
    [InlineData("https://my-logs.s3.amazonaws.com/x")]
    [InlineData("s3://ab")]
    [InlineData("s3://")]
    public void What_is_not_an_s3_location_is_null(string text) => Assert.Null(S3Location.Parse(text));

    [Theory]
    [InlineData("a/b/123_elasticloadbalancing_us-east-1_app.lb.1_20261128T0000Z_10.0.0.1_x.log.gz", true)]
    [InlineData("a/b/conn_log_123_elasticloadbalancing_us-east-1_app.lb.1_20261128T0000Z_10.0.0.1_x.log.gz", false)]
    [InlineData("a/b/health_check_log_123_app.lb.1_20261128T0000Z_x.log.gz", false)]
    [InlineData("a/b/notes.txt", false)]
    public void Include_and_exclude_match_the_file_name_only(string key, bool sent)
    {
        var accessLogsOnly = new NameFilter(["*.log.gz"], ["conn_log_*", "health_check_log_*"]);
        Assert.Equal(sent, accessLogsOnly.SkippedBy(key) is null);
    }

    [Fact]
    public void Patterns_do_not_match_folders_and_no_pattern_matches_everything()
    {
        Assert.NotNull(new NameFilter(["conn_log_*"], []).SkippedBy("conn_log_folder/access.log"));
        Assert.Null(new NameFilter([], []).SkippedBy("anything/at/all"));
        Assert.Equal("--exclude '*'", new NameFilter([], ["*"]).SkippedBy("x.log"));
        Assert.Equal("--include '*.LOG'", new NameFilter(["*.LOG"], []).SkippedBy("x.log"));   // S3 keys are case-sensitive
    }

    [Fact]
    public void A_day_range_names_each_day_folder_both_ends_included()
    {
        var range = new DayRange(new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 2));
        Assert.Equal(["2026/02/27/", "2026/02/28/", "2026/03/01/", "2026/03/02/"], range.Days().Select(day => DayRange.Folder(day)));
        Assert.Equal(["year=2026/month=02/day=27/", "year=2026/month=02/day=28/", "year=2026/month=03/day=01/", "year=2026/month=03/day=02/"],
            range.Days().Select(day => DayRange.Folder(day, hive: true)));
        Assert.Single(new DayRange(new DateOnly(2026, 11, 28), new DateOnly(2026, 11, 28)).Days());
    }

    [Theory]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/2026/", "AWSLogs/1/elasticloadbalancing/us-east-1/", "2026/")]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/2026/11/", "AWSLogs/1/elasticloadbalancing/us-east-1/", "2026/11/")]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/2026/11/28/", "AWSLogs/1/elasticloadbalancing/us-east-1/", "2026/11/28/")]
    [InlineData("2026/11/", "", "2026/11/")]
    public void A_prefix_ending_in_date_folders_is_split_at_the_year(string prefix, string root, string tail) =>
        Assert.Equal((root, tail, false), DateTail.Of(prefix));

    [Theory]
    [InlineData("AWSLogs/aws-account-id=1/elasticloadbalancing/region=us-east-1/year=2026/", "year=2026/")]
    [InlineData("AWSLogs/aws-account-id=1/elasticloadbalancing/region=us-east-1/year=2026/month=11/", "year=2026/month=11/")]
    [InlineData("AWSLogs/aws-account-id=1/elasticloadbalancing/region=us-east-1/year=2026/month=11/day=28/", "year=2026/month=11/day=28/")]
    public void A_prefix_ending_in_hive_compatible_date_folders_is_split_at_the_year(string prefix, string tail) =>
        Assert.Equal(("AWSLogs/aws-account-id=1/elasticloadbalancing/region=us-east-1/", tail, true), DateTail.Of(prefix));

    [Theory]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/")]
    [InlineData("AWSLogs/1/elasticloadbalancing/us-east-1/2026")]       // not a folder yet
    [InlineData("AWSLogs/123456789012/")]                               // 12 digits: an account, not a year
    [InlineData("logs/2026/11/28/extra/")]
    [InlineData("logs/year=2026/11/")]                                  // one layout or the other, not both
    [InlineData("")]
    public void Other_prefixes_have_no_date_tail(string prefix) => Assert.Null(DateTail.Of(prefix));

    [Fact]
    public void The_state_keeps_the_last_line_of_each_object_and_ties_it_to_the_etag()
    {
        var path = Path.Combine(_folder.Path, "backfill.state");
        using (var state = BackfillState.Open(path))
        {
            state.Record(new StateEntry("b", "k1", "etag-1", Done: false, ByteOffset: 100, LineNumber: 5));
            state.Record(new StateEntry("b", "k1", "etag-1", Done: true, Lines: 9));
            state.Record(new StateEntry("b", "k2", "etag-2", Done: false, ByteOffset: 7, LineNumber: 2, Compressed: true));
        }

        using var reopened = BackfillState.Open(path);
        Assert.Equal(2, reopened.Count);
        Assert.True(reopened.Find("b", "k1", "etag-1")!.Done);
        Assert.Null(reopened.Find("b", "k1", "etag-changed"));                 // a new version is sent again
        Assert.Null(reopened.Find("other", "k1", "etag-1"));
        Assert.Equal((7L, 2L, true), reopened.Find("b", "k2", "etag-2") is { } p ? (p.ByteOffset, p.LineNumber, p.Compressed) : default);
    }

    [Fact]
    public void A_state_line_cut_short_by_a_crash_is_ignored_and_does_not_spoil_the_next()
    {
        var path = Path.Combine(_folder.Path, "crashed.state");
        var whole = JsonSerializer.Serialize(new StateEntry("b", "k1", "e1", Done: true), BackfillJsonContext.Default.StateEntry);
        var cut = JsonSerializer.Serialize(new StateEntry("b", "k2", "e2", Done: true), BackfillJsonContext.Default.StateEntry)[..20];
        File.WriteAllText(path, whole + "\n" + cut);

        using (var state = BackfillState.Open(path))
        {
            Assert.Equal(1, state.Count);
            Assert.Null(state.Find("b", "k2", "e2"));
            state.Record(new StateEntry("b", "k3", "e3", Done: true));
        }

        using var reopened = BackfillState.Open(path);
        Assert.NotNull(reopened.Find("b", "k3", "e3"));                        // written on a line of its own
        Assert.NotNull(reopened.Find("b", "k1", "e1"));
    }

    [Fact]
    public void A_queued_message_is_an_s3_notification_the_function_reads_back_to_the_same_object()
    {
        var reference = new ObjectToRead(new ObjectLocation("logs", "AWSLogs/1/a b+c=d.log.gz", "0123abcd"), 42);
        var message = Backfill.QueueFanOut.Message(reference);

        Assert.Contains("\"key\":\"AWSLogs/1/a+b%2Bc%3Dd.log.gz\"", message);   // encoded as S3 encodes it
        var parsed = Assert.Single(InvocationEventParser.Parse(message));
        Assert.Equal(("logs", "AWSLogs/1/a b+c=d.log.gz", "0123abcd", 42L, 1L), (parsed.Location.Bucket, parsed.Location.Key, parsed.Location.ETag, parsed.Size, parsed.Start.LineNumber));
    }

    [Fact]
    public void A_queued_message_for_a_partly_read_object_continues_where_it_stopped()
    {
        var reference = new ObjectToRead(new ObjectLocation("logs", "k.log", "e"), new ReadStart(11, 500), 1000);
        var parsed = Assert.Single(InvocationEventParser.Parse(Backfill.QueueFanOut.Message(reference)));
        Assert.Equal((500L, 11L, "e"), (parsed.Start.ByteOffset, parsed.Start.LineNumber, parsed.Location.ETag));
    }

    [Fact]
    public void Replay_takes_the_original_event_of_a_destination_record_or_a_redriven_event_as_it_is()
    {
        var original = S3Events.Put("logs", "k.log");
        var record = $$"""{"version":"1.0","requestContext":{"condition":"RetriesExhausted"},"requestPayload":{{original}},"responseContext":{} }""";

        Assert.Equal(JsonDocument.Parse(original).RootElement.GetRawText(), DestinationRecord.EventToReplay(record));
        Assert.Equal(original, DestinationRecord.EventToReplay(original));
        Assert.Null(DestinationRecord.EventToReplay("{\"requestContext\":{},\"requestPayload\":\"text\"}"));
        Assert.Null(DestinationRecord.EventToReplay("{\"hello\":1}"));
        Assert.Null(DestinationRecord.EventToReplay("not json"));
    }
}
