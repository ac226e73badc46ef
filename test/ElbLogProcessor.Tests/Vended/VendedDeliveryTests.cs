using System.Text;
using System.Text.Json.Nodes;
using ElbLogProcessor.Configuration;
using ElbLogProcessor.Events;
using ElbLogProcessor.LogKinds;

namespace ElbLogProcessor.Tests;

/// <summary>
/// CloudWatch-vended deliveries to S3 (JSON lines, W3C, plain with any delimiter) read as the same events as the same
/// records written as legacy lines, in both schemas, apart from provenance (event id, line number, offset, the
/// original text): fixtures of every shape, made here from the samples, the edge cases and the peer cases.
/// </summary>
[Trait("Category", Category.Unit)]
public sealed class VendedDeliveryTests : IDisposable
{
    private const string Key = "AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/09/10/123456789012_elasticloadbalancing_us-east-1_app.my-lb.log";
    private readonly TempFolder _folder = new("elb-vended-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string> ShapesAndKinds()
    {
        var data = new TheoryData<string, string>();
        foreach (var (shape, _) in VendedShapes.All)
            foreach (var kind in LogKind.Vended)
                data.Add(shape, kind.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(ShapesAndKinds))]
    public async Task Every_record_gives_the_event_its_legacy_line_gives_in_both_schemas(string shape, string kindName)
    {
        var records = LegacyRecord.All.Where(r => r.Kind.Name == kindName).ToList();
        Assert.True(records.Count >= 3, $"only {records.Count} {kindName} records to test with");
        var legacy = _folder.Write($"{kindName}.log", Encoding.UTF8.GetBytes(string.Concat(records.Select(r => r.Line + "\n"))));
        var vended = _folder.Write($"{kindName}.{shape.GetHashCode():x}.vended", VendedShapes.All.Single(s => s.Name == shape).Make(records));

        foreach (var schema in new[] { EventSchemaKind.Elb, EventSchemaKind.Ecs })
        {
            bool byValue = shape.Contains("doubles", StringComparison.Ordinal);
            var expected = (await EventsOf(legacy, schema)).Select(e => byValue ? NumbersByValue(e) : e).ToList();
            var actual = (await EventsOf(vended, schema)).Select(e => byValue ? NumbersByValue(e) : e).ToList();
            Assert.Equal(records.Count, expected.Count);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < records.Count; i++)
                Assert.True(expected[i] == actual[i], $"{shape}, {schema}: the record of\n{records[i].Line}\ngave\n{actual[i]}\nwhere its legacy line gives\n{expected[i]}");
        }
    }

    [Fact]
    public void Every_documented_example_line_of_a_vended_kind_is_among_the_records_each_shape_is_made_of()
    {
        var documented = LegacyRecord.DocumentedLines()
            .Where(line => new Parsing.LineParser().Parse(System.Text.Encoding.UTF8.GetBytes(line)).Kind?.VendedLogType is not null).ToList();
        Assert.True(documented.Count >= 8, $"{documented.Count} documented lines");
        Assert.All(documented, line => Assert.Contains(line, LegacyRecord.All.Select(r => r.Line)));
        Assert.All(LogKind.Vended, kind => Assert.Contains(LegacyRecord.All, r => r.Kind == kind && documented.Contains(r.Line)));
    }

    [Fact]
    public async Task The_bundled_parquet_sample_holds_the_records_of_the_alb_sample_and_gives_their_events()
    {
        // deploy/samples/alb-vended.parquet: the 200 records of alb.log.gz, counts as longs, timings as doubles, ZSTD, row groups of 50.
        var parquet = RepositoryFiles.Path("deploy", "samples", "alb-vended.parquet");
        var legacy = _folder.Write("alb.log", Gzip.Decompress(File.ReadAllBytes(RepositoryFiles.Path("deploy", "samples", "alb.log.gz"))));
        foreach (var schema in new[] { EventSchemaKind.Elb, EventSchemaKind.Ecs })
        {
            var expected = (await EventsOf(legacy, schema)).Select(NumbersByValue).ToList();
            Assert.Equal(200, expected.Count);
            Assert.Equal(expected, (await EventsOf(parquet, schema)).Select(NumbersByValue));
        }
    }

    [Fact]
    public async Task A_w3c_object_resumed_in_the_middle_reads_its_records_by_its_header_and_gives_their_events()
    {
        var records = LegacyRecord.All.Where(r => r.Kind == AlbAccessLog.Kind).Take(6).ToList();
        var w3c = VendedShapes.Delimited(records, " ", header: true, reversed: true, doubledQuotes: false);   // columns in another order
        var text = Encoding.UTF8.GetString(w3c);
        int third = text.IndexOf('\n', text.IndexOf('\n', text.IndexOf('\n', text.IndexOf('\n') + 1) + 1) + 1) + 1;   // after 2 directives, 2 records
        _folder.Write(Path.Combine("logs", "w3c.log"), w3c);

        using var services = await TestHost.StartAsync(new Variables(), new Reading.LocalObjectStore(_folder.Path));
        var message = Invocation.HandOverMessage.Create([new Invocation.ObjectToRead(new Reading.ObjectLocation("logs", "w3c.log", "etag"),
            new Reading.ReadStart(5, Encoding.UTF8.GetByteCount(text[..third])))]);
        var result = await services.Handler.HandleAsync(S3Events.SqsWrapped(message), DateTimeOffset.UtcNow.AddMinutes(5), CancellationToken.None);

        Assert.True(result.Succeeded, result.Summary.ToJson());
        var summary = System.Text.Json.JsonDocument.Parse(result.Summary.ToJson()).RootElement;
        Assert.Equal((4L, 0L), (summary.GetProperty("Events").GetProperty("application").GetInt64(), summary.GetProperty("Malformed").GetInt64()));
        // Read by position, without its header, a record in reversed order is no ALB line: every one would be malformed.
    }

    [Fact]
    public async Task A_parquet_row_group_larger_than_the_bound_fails_the_object_naming_its_size_and_sends_nothing()
    {
        // 20,000 ALB rows whose user agents are 1,000 distinct characters each: some 20 MB in one row group.
        var record = LegacyRecord.All.First(r => r.Kind == AlbAccessLog.Kind);
        var names = record.Names;
        int userAgent = Array.IndexOf(names, "user_agent");
        var columns = names.Select((_, i) => (Array)Enumerable.Range(0, 20_000)
            .Select(row => i == userAgent ? $"{row:D8}" + new string('x', 992) : record.ValueAt(i)).ToArray()).ToArray();
        var output = new MemoryStream();
        VendedShapes.Write(output, [.. names.Select(n => new Parquet.Schema.DataField<string>(n, nullable: true))], Parquet.CompressionMethod.Snappy, [columns]);
        var path = _folder.Write("big-row-group.parquet", output.ToArray());

        var result = await CommandRunner.Run("process", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Events);
        var failure = Assert.Single(result.Summary.GetProperty("LastFailures").EnumerateArray()).GetString()!;
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}: row group 1 of 1 holds [\d,]+ bytes uncompressed, more than the 16,777,216 read at once", failure);
    }

    [Fact]
    public async Task A_name_no_declaration_knows_is_kept_by_name_and_a_known_one_is_found_in_any_case_and_with_any_separator()
    {
        var record = LegacyRecord.All.First(r => r.Kind == AlbAccessLog.Kind);
        var json = JsonNode.Parse(VendedShapes.Json([record], typed: false, n => n, System.Text.Encodings.Web.JavaScriptEncoder.Default))!.AsObject();
        json["new_field_2027"] = "some value";
        json["unused_field"] = null;   // absent: nothing to keep
        var userAgent = json["user_agent"]!.GetValue<string>();
        json.Remove("user_agent");
        json["User.Agent"] = userAgent;
        var path = _folder.Write("extra.json", Encoding.UTF8.GetBytes(json.ToJsonString() + "\n"));

        var elb = Assert.Single(await EventsOf(path, EventSchemaKind.Elb, strip: false));
        Assert.Equal(["new_field_2027=some value"], JsonNode.Parse(elb)!["ExtraFields"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(userAgent, JsonNode.Parse(elb)!["UserAgent"]!.GetValue<string>());
        var ecs = Assert.Single(await EventsOf(path, EventSchemaKind.Ecs, strip: false));
        Assert.Equal(["new_field_2027=some value"], JsonNode.Parse(ecs)!["aws"]!["elb"]!["extra_fields"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task A_json_line_that_is_not_one_object_becomes_a_parse_failure_event_with_the_raw_line_and_the_others_are_read()
    {
        var good = Encoding.UTF8.GetString(VendedShapes.Json(LegacyRecord.All.Where(r => r.Kind == NlbAccessLog.Kind).Take(2), true, n => n,
            System.Text.Encodings.Web.JavaScriptEncoder.Default)).Split('\n');
        string[] bad = ["not json at all", "[1, 2, 3]", "{\"type\": \"tls\"", "{\"type\": \"tls\"} {\"type\": \"tls\"}"];
        var path = _folder.Write("mixed.json", Encoding.UTF8.GetBytes($"{good[0]}\n{string.Join('\n', bad)}\n{good[1]}\n"));

        var result = await CommandRunner.Run("process", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(6, result.Events.Count);
        Assert.Equal(4, result.Summary.GetProperty("Malformed").GetInt64());
        Assert.Equal(2, result.Summary.GetProperty("Events").GetProperty("network").GetInt64());
        var failures = result.Events.Skip(1).Take(4).ToList();
        Assert.Equal(bad, failures.Select(e => e.GetProperty("message").GetString()));
        Assert.All(failures, e => Assert.Equal("_elbparsefailure", Assert.Single(e.GetProperty("tags").EnumerateArray()).GetString()));
        var reasons = result.Summary.GetProperty("LastFailures").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(4, reasons.Count(r => r.Contains(": the line is not", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_w3c_line_with_more_or_fewer_values_than_its_header_names_is_a_parse_failure_naming_both_counts()
    {
        var records = LegacyRecord.All.Where(r => r.Kind == AlbHealthCheckLog.Kind).Take(2).ToList();
        var text = Encoding.UTF8.GetString(VendedShapes.Delimited(records, "\t", header: true, reversed: false, doubledQuotes: false));
        var lines = text.Split('\n');
        var path = _folder.Write("short.w3c", Encoding.UTF8.GetBytes($"{lines[0]}\n{lines[1]}\n{lines[2]}\nhttp\t2026-09-10T00:00:00Z\t0.001\n{lines[3]}\textra\n"));

        var result = await CommandRunner.Run("process", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.Events.Count);
        Assert.Equal(2, result.Summary.GetProperty("Malformed").GetInt64());
        var reasons = result.Summary.GetProperty("LastFailures").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Contains(reasons, r => r.EndsWith("line 4: 3 values, where the #Fields header names 10", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.EndsWith("line 5: 11 values, where the #Fields header names 10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_vended_object_is_counted_by_its_log_type_and_names_no_line_as_malformed()
    {
        var records = LegacyRecord.All.Where(r => r.Kind == AlbConnectionLog.Kind).ToList();
        var path = _folder.Write("conn.w3c", VendedShapes.Delimited(records, "\t", header: true, reversed: false, doubledQuotes: false));

        var result = await CommandRunner.Run("process", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(records.Count, result.Summary.GetProperty("Events").GetProperty("connection").GetInt64());
        Assert.Equal((0L, 2L), (result.Summary.GetProperty("Malformed").GetInt64(), result.Summary.GetProperty("Blank").GetInt64()));
    }

    /// <summary>The events of one file read as the S3 object <see cref="Key"/>, provenance taken out unless <paramref name="strip"/> is false.</summary>
    private static async Task<List<string>> EventsOf(string path, EventSchemaKind schema, bool strip = true)
    {
        IEventWriter writer = schema == EventSchemaKind.Ecs
            ? new Events.Ecs.EcsEventWriter(new EcsOptions { Schema = EventSchemaKind.Ecs, PreserveOriginal = true }, new EnvelopeOptions())
            : new ElbEventWriter(EventEnvelope.Default);
        var ndjson = await PipelineEvents.OfObjects(writer, "logs", "feedface", (Key, path));
        return [.. ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => strip ? WithoutProvenance(line) : line)];
    }

    /// <summary>The event with every number in one form (<c>0.000</c> as <c>0</c>): equal by value.</summary>
    private static string NumbersByValue(string line)
    {
        static JsonNode? Normalize(JsonNode? node) => node switch
        {
            JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Normalize(p.Value)))),
            JsonArray a => new JsonArray([.. a.Select(Normalize)]),
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create(v.GetValue<decimal>() / 1.000000000000000000000000000000000m),
            _ => node?.DeepClone(),
        };
        return Normalize(JsonNode.Parse(line))!.ToJsonString();
    }

    /// <summary>The event without what tells where its record was: its id, line number, byte offset and original text.</summary>
    private static string WithoutProvenance(string line)
    {
        var e = JsonNode.Parse(line)!.AsObject();
        e.Remove("EventId");
        e.Remove("Source");
        if (e["event"] is JsonObject ecsEvent)
        {
            ecsEvent.Remove("id");
            ecsEvent.Remove("original");
        }

        if (e["log"] is JsonObject log) log.Remove("offset");
        return e.ToJsonString();
    }
}
