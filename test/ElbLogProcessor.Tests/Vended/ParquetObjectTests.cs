using System.Text.Json;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Pipeline;
using Parquet;

namespace ElbLogProcessor.Tests;

/// <summary>
/// Parquet deliveries read from S3 (s3rver) by ranges, as Lambda reads them: a hand-over in the middle of a row group
/// delivers every record exactly once with the ids a single read gives; bad files fail per object, naming it.
/// </summary>
[Trait("Category", Category.Integration)]
public sealed class ParquetObjectTests(S3rverFixture s3rver) : WithLogstash, IClassFixture<S3rverFixture>
{
    private const string Key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/09/10/alb-access.parquet";

    private Task<Hosting.InvocationServices> Start(IHandOverQueue? handOvers = null, TimeProvider? clock = null) =>
        TestHost.StartAsync(LogstashVariables(("AWS_ENDPOINT_URL_S3", s3rver.Server.Endpoint.ToString()), ("BATCH_MAX_EVENTS", "250")),
            handOvers: handOvers, deadlineClock: clock, credentials: S3rverProcess.Credentials);

    /// <summary>
    /// 6,000 ALB records in row groups of 1,300: a hand-over comes after whole batches of 250, and no multiple of 250 below
    /// 6,500 is a multiple of 1,300, so it always lands inside a row group however many batches the first invocation sent
    /// (with batches of 200, 13 batches end exactly on a row group's end).
    /// </summary>
    private static byte[] SixThousandRecords()
    {
        var alb = LegacyRecord.All.Where(r => r.Kind == AlbAccessLog.Kind).ToList();
        return VendedShapes.Parquet([.. Enumerable.Range(0, 6000).Select(i => alb[i % alb.Count])], CompressionMethod.Snappy, typed: true, rowGroup: 1300);
    }

    [Fact]
    public async Task A_hand_over_inside_a_row_group_delivers_every_record_once_with_the_ids_of_one_read()
    {
        await s3rver.Server.PutAsync("logs", Key, SixThousandRecords());
        using (var services = await Start())
        {
            var whole = await services.Handler.HandleAsync(S3Events.Put("logs", Key), DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);
            Assert.True(whole.Succeeded, whole.Summary.ToJson());
        }

        var idsOfOneRead = Logstash.EventIds.Keys.ToHashSet();
        Assert.Equal(6000, idsOfOneRead.Count);
        Logstash.EventIds.Clear();

        var driver = new HandOverDriver();
        Logstash.OnAccepted = _ => driver.Clock.Advance(TimeSpan.FromSeconds(1));   // Logstash takes a second per batch
        using var chained = await Start(handOvers: driver, clock: driver.Clock);
        var results = await driver.RunToTheEndAsync(chained.Handler, S3Events.Put("logs", Key), secondsPerInvocation: 10);

        Assert.InRange(results.Count, 2, 99);
        var handOver = JsonDocument.Parse(driver.Sent[0]).RootElement.GetProperty(Invocation.HandOverMessage.PropertyName).GetProperty("Objects")[0];
        long ordinal = handOver.GetProperty("ByteOffset").GetInt64();
        Assert.NotEqual(0, ordinal % 1300);   // inside a row group
        Assert.Equal((ordinal / 1300, ordinal % 1300), (handOver.GetProperty("RowGroup").GetInt64(), handOver.GetProperty("Row").GetInt64()));
        Assert.Equal(idsOfOneRead, Logstash.EventIds.Keys.ToHashSet());
        Assert.All(Logstash.EventIds, id => Assert.Equal(1, id.Value));
    }

    [Fact]
    public async Task A_hand_over_whose_row_group_and_row_are_not_its_ordinal_fails_naming_both_and_sends_nothing()
    {
        await s3rver.Server.PutAsync("logs", "named.parquet", SixThousandRecords());
        var message = Invocation.HandOverMessage.Create([new Invocation.ObjectToRead(new Reading.ObjectLocation("logs", "named.parquet"),
            new Reading.ReadStart(2001, 2000, Compressed: true, new Reading.RowPosition(0, 2000)))]);

        using var services = await Start();
        var result = await services.Handler.HandleAsync(S3Events.SqsWrapped(message), DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);

        var summary = JsonDocument.Parse(result.Summary.ToJson()).RootElement;
        Assert.Contains(summary.GetProperty("LastFailures").EnumerateArray().Select(f => f.GetString()!),
            f => f.Contains("the hand-over names row 2000 of row group 0, but row 2000 of this object is row 700 of row group 1", StringComparison.Ordinal));
        Assert.Empty(Logstash.EventIds);
    }

    [Fact]
    public async Task A_truncated_parquet_object_fails_naming_it_and_one_of_no_log_type_is_not_a_log()
    {
        var whole = SixThousandRecords();
        await s3rver.Server.PutAsync("logs", "cut.parquet", whole[..(whole.Length - 100)]);
        await s3rver.Server.PutAsync("logs", "other.parquet", ParquetOf(("city", "Derby"), ("country", "UK")));

        using var services = await Start();
        var result = await services.Handler.HandleAsync(S3Events.Put("logs", "cut.parquet", "other.parquet"), DateTimeOffset.UtcNow.AddMinutes(5),
            CancellationToken.None);

        Assert.False(result.Succeeded);
        var summary = JsonDocument.Parse(result.Summary.ToJson()).RootElement;
        var failures = summary.GetProperty("LastFailures").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(failures, f => f.StartsWith("s3://logs/cut.parquet: a Parquet file that cannot be read (truncated or corrupt", StringComparison.Ordinal));
        Assert.Contains("s3://logs/other.parquet: not a log this function reads: it looks like a Parquet file whose columns are no ELB log type's (it has city, country); nothing of it was sent", failures);
        Assert.Equal(1, summary.GetProperty("SourcesNotLogs").GetInt32());
        Assert.Empty(Logstash.EventIds);
    }

    private static byte[] ParquetOf(params (string Name, string Value)[] columns)
    {
        var output = new MemoryStream();
        VendedShapes.Write(output, [.. columns.Select(c => new Parquet.Schema.DataField<string>(c.Name))], CompressionMethod.Snappy,
            [[.. columns.Select(c => (Array)new string?[] { c.Value })]]);
        return output.ToArray();
    }
}
