using System.Text;
using ElbLogProcessor.Configuration;

namespace ElbLogProcessor.Events.Ecs;

/// <summary>
/// What every ECS event of one source carries, serialized once (per line only <c>event.id</c>'s offset and
/// <c>log.offset</c> change): the provenance Elastic's serverless forwarder writes for an S3 object
/// (<c>aws.s3.bucket.name</c> and <c>arn</c>, <c>aws.s3.object.key</c>, <c>log.file.path</c> as the object's
/// URL, <c>cloud.*</c>), the data stream, and the configured labels. The account and Region come from
/// the key (<c>AWSLogs/{account}/elasticloadbalancing/{region}/</c>, or the file name ELB writes), when it has them.
/// </summary>
internal sealed class EcsSourceTemplate
{
    public EcsSourceTemplate(LogSource source, EcsOptions options, IReadOnlyList<(string Name, string Value)> labels)
    {
        var key = source.Key ?? source.DisplayName;
        var (account, region) = AccountAndRegion(key);

        if (source.Bucket is { } bucket)
        {
            AwsS3 = JsonMembers.Serialize(w =>
            {
                w.WriteStartObject("s3");
                w.WriteStartObject("bucket");
                w.WriteString("arn", $"arn:aws:s3:::{bucket}");
                w.WriteString("name", bucket);
                w.WriteEndObject();
                w.WriteStartObject("object");
                w.WriteString("key", key);
                w.WriteEndObject();
                w.WriteEndObject();
            });
        }

        // As the forwarder names an object: its virtual-hosted URL (the Region left out when the key does not say it).
        string path = source.Bucket is { } b ? $"https://{b}.s3.{(region is null ? "" : region + ".")}amazonaws.com/{key}" : key;
        LogFile = JsonMembers.Serialize(w =>
        {
            w.WriteStartObject("file");
            w.WriteString("path", path);
            w.WriteEndObject();
        });

        CloudMembers = JsonMembers.Serialize(w =>
        {
            if (account is not null)
            {
                w.WriteStartObject("account");
                w.WriteString("id", account);
                w.WriteEndObject();
            }

            w.WriteString("provider", "aws");
            if (region is not null) w.WriteString("region", region);
        });

        DataStreamMembers = JsonMembers.Serialize(w =>
        {
            w.WriteString("dataset", EcsNames.Dataset);
            w.WriteString("namespace", options.DataStreamNamespace);
            w.WriteString("type", "logs");
        });

        LabelMembers = labels.Count == 0
            ? null
            : JsonMembers.Serialize(w =>
            {
                foreach (var (name, value) in labels) w.WriteString(name, value);
            });

        EventIdPrefix = source.EventIdPrefix.ToArray();
    }

    /// <summary><c>"s3":{...}</c>, inside <c>aws</c>; null for a local file.</summary>
    public byte[]? AwsS3 { get; }

    /// <summary><c>"file":{"path":...}</c>, inside <c>log</c>.</summary>
    public byte[] LogFile { get; }

    /// <summary>The members of <c>cloud</c>: account, provider, Region.</summary>
    public byte[] CloudMembers { get; }

    /// <summary>The members of <c>data_stream</c>.</summary>
    public byte[] DataStreamMembers { get; }

    /// <summary>The members of <c>labels</c>; null when none is configured.</summary>
    public byte[]? LabelMembers { get; }

    /// <summary>The start of <c>event.id</c>; the line's byte offset follows (the same id as the <c>elb</c> schema's EventId).</summary>
    public byte[] EventIdPrefix { get; }

    /// <summary>
    /// The account id and Region a key names: <c>AWSLogs/123456789012/elasticloadbalancing/eu-west-1/...</c> (legacy logs,
    /// and vended deliveries by default), its Hive-compatible form
    /// <c>AWSLogs/aws-account-id=123456789012/elasticloadbalancing/region=eu-west-1/...</c> (a vended delivery's option),
    /// or a file name as ELB writes it, <c>123456789012_elasticloadbalancing_eu-west-1_...</c>. Anything else (a vended
    /// delivery's custom prefix) names neither: they are then left out, never guessed.
    /// </summary>
    internal static (string? Account, string? Region) AccountAndRegion(string key)
    {
        var parts = key.Split('/');
        for (int i = 0; i + 3 < parts.Length; i++)
        {
            if (parts[i] != "AWSLogs" || parts[i + 2] != "elasticloadbalancing") continue;
            var (account, region) = (Unprefixed(parts[i + 1], "aws-account-id="), Unprefixed(parts[i + 3], "region="));
            if (IsAccount(account) && IsRegion(region)) return (account, region);
        }

        // {account}_elasticloadbalancing_{region}_..., after conn_log_ or health_check_log_ for those kinds.
        var name = parts[^1].Split('_');
        for (int i = 1; i + 1 < name.Length; i++)
            if (name[i] == "elasticloadbalancing" && IsAccount(name[i - 1]) && IsRegion(name[i + 1])) return (name[i - 1], name[i + 1]);

        return (null, null);
    }

    /// <summary>A Hive-compatible key's <c>name=value</c> part as its value (the part itself when it has no such name).</summary>
    private static string Unprefixed(string part, string name) => part.StartsWith(name, StringComparison.Ordinal) ? part[name.Length..] : part;

    private static bool IsAccount(string text) => text.Length == 12 && text.All(char.IsAsciiDigit);

    /// <summary><c>us-east-1</c>, <c>ap-southeast-4</c>, <c>us-gov-west-1</c>, <c>eu-isoe-west-1</c>: letters and hyphens, then a number.</summary>
    private static bool IsRegion(string text)
    {
        var parts = text.Split('-');
        return parts.Length >= 3 && parts[..^1].All(p => p.Length > 0 && p.All(char.IsAsciiLetterLower)) && parts[^1].Length is > 0 and <= 2 &&
               parts[^1].All(char.IsAsciiDigit);
    }

    public override string ToString() => Encoding.UTF8.GetString(LogFile);
}
