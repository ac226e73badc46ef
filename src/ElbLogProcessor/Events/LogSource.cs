using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using ElbLogProcessor.LogKinds;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Events;

/// <summary>
/// What a line came from: names the <c>Source</c> object of its events and seeds their
/// deterministic <c>EventId</c>s. Built once per file or object; nothing here runs per line
/// (see <see cref="EnvelopeTemplate"/>).
/// </summary>
internal sealed class LogSource
{
    private static readonly JsonName S3Name = new("S3");
    private static readonly JsonName FileName = new("File");
    private static readonly JsonName BucketName = new("Bucket");
    private static readonly JsonName KeyName = new("Key");
    private static readonly JsonName PathName = new("Path");

    private readonly JsonName _kind;
    private readonly (JsonName Name, JsonEncodedText Value)[] _properties;
    private readonly byte[] _eventIdPrefix;

    private LogSource(string displayName, string identity, JsonName kind, string? bucket, string? key,
        params (JsonName, JsonEncodedText)[] properties)
    {
        DisplayName = displayName;
        Bucket = bucket;
        Key = key;
        NamedKind = LogKind.NamedBy(displayName);
        _kind = kind;
        _properties = properties;
        // 64-bit hash of the identity + "-": the byte offset after it makes the id unique per line.
        ulong hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(identity));
        IdHash = hash;
        _eventIdPrefix = Encoding.ASCII.GetBytes($"{hash:x16}-");
    }

    /// <summary>Path or s3:// URI, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>The S3 bucket; null for a local file.</summary>
    public string? Bucket { get; }

    /// <summary>The S3 key (URL-decoded), or the local file's path as given.</summary>
    public string? Key { get; }

    /// <summary>The log kind the file name announces (<c>conn_log_...</c>, <c>health_check_log_...</c>), if any.</summary>
    public LogKind? NamedKind { get; }

    /// <summary>How its lines are laid out (legacy lines until its first lines were looked at).</summary>
    public RecordLayout Layout { get; private init; } = RecordLayout.Legacy;

    /// <summary>The same source (same names, same event ids) whose lines are laid out as <paramref name="layout"/> says.</summary>
    public LogSource WithLayout(RecordLayout layout) => layout == Layout ? this : new LogSource(this) { Layout = layout };

    private LogSource(LogSource other)
    {
        DisplayName = other.DisplayName;
        Bucket = other.Bucket;
        Key = other.Key;
        NamedKind = other.NamedKind;
        _kind = other._kind;
        _properties = other._properties;
        _eventIdPrefix = other._eventIdPrefix;
        IdHash = other.IdHash;
    }

    /// <summary>
    /// A local file. The id is derived from its full path, so the same file read again
    /// (from any working directory) gives the same ids.
    /// </summary>
    public static LogSource ForFile(string path) => new(
        path, "file\n" + Path.GetFullPath(path), FileName, bucket: null, key: path,
        (PathName, JsonEncodedText.Encode(path, EventJson.Encoder)));

    /// <summary>
    /// An S3 object. The id covers bucket, key and the object's version (ETag, or version id
    /// when the bucket is versioned), so one object always gives the same ids and a changed
    /// object gives new ones.
    /// </summary>
    public static LogSource ForS3(string bucket, string key, string? eTag, string? versionId) => new(
        $"s3://{bucket}/{key}", $"s3\n{bucket}\n{key}\n{eTag?.Trim('"')}\n{versionId}", S3Name, bucket, key,
        (BucketName, JsonEncodedText.Encode(bucket, EventJson.Encoder)),
        (KeyName, JsonEncodedText.Encode(key, EventJson.Encoder)));

    /// <summary><c>"S3"</c> or <c>"File"</c>: the member of the event's <c>Source</c> object.</summary>
    internal JsonName Kind => _kind;

    /// <summary>The members of that object before <c>LineNumber</c>.</summary>
    internal IReadOnlyList<(JsonName Name, JsonEncodedText Value)> Properties => _properties;

    /// <summary>The hash every <c>EventId</c> of this source starts with (in hex); the line's byte offset follows it.</summary>
    internal ulong IdHash { get; }

    /// <summary>The start of every <c>EventId</c> of this source; the line's byte offset follows.</summary>
    internal ReadOnlySpan<byte> EventIdPrefix => _eventIdPrefix;
}
