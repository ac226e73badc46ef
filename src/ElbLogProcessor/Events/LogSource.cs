using System.IO.Hashing;
using System.Text;
using System.Text.Json;

namespace ElbLogProcessor.Events;

/// <summary>
/// What a line came from: names the <c>Source</c> object of its events and seeds their
/// deterministic <c>EventId</c>s. Built once per file or object; nothing here runs per line
/// except <see cref="WriteEventId"/>.
/// </summary>
public sealed class LogSource
{
    private static readonly JsonEncodedText S3Name = JsonEncodedText.Encode("S3");
    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("File");
    private static readonly JsonEncodedText BucketName = JsonEncodedText.Encode("Bucket");
    private static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("Key");
    private static readonly JsonEncodedText PathName = JsonEncodedText.Encode("Path");
    private static readonly JsonEncodedText LineNumberName = JsonEncodedText.Encode("LineNumber");

    private readonly JsonEncodedText _kind;
    private readonly (JsonEncodedText Name, JsonEncodedText Value)[] _properties;
    private readonly byte[] _eventIdPrefix;

    private LogSource(string displayName, string identity, JsonEncodedText kind,
        params (JsonEncodedText, JsonEncodedText)[] properties)
    {
        DisplayName = displayName;
        _kind = kind;
        _properties = properties;
        // 64-bit hash of the identity + "-": the byte offset after it makes the id unique per line.
        ulong hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(identity));
        _eventIdPrefix = Encoding.ASCII.GetBytes($"{hash:x16}-");
    }

    /// <summary>Path or s3:// URI, for messages.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// A local file. The id is derived from its full path, so the same file read again
    /// (from any working directory) gives the same ids.
    /// </summary>
    public static LogSource ForFile(string path) => new(
        path, "file\n" + Path.GetFullPath(path), FileName,
        (PathName, JsonEncodedText.Encode(path, EventWriter.JsonEncoder)));

    /// <summary>
    /// An S3 object. The id covers bucket, key and the object's version (ETag, or version id
    /// when the bucket is versioned), so one object always gives the same ids and a changed
    /// object gives new ones.
    /// </summary>
    public static LogSource ForS3(string bucket, string key, string? eTag, string? versionId) => new(
        $"s3://{bucket}/{key}", $"s3\n{bucket}\n{key}\n{eTag?.Trim('"')}\n{versionId}", S3Name,
        (BucketName, JsonEncodedText.Encode(bucket, EventWriter.JsonEncoder)),
        (KeyName, JsonEncodedText.Encode(key, EventWriter.JsonEncoder)));

    /// <summary>Writes <c>"Source": { "S3"|"File": { ..., "LineNumber": n } }</c>.</summary>
    internal void WriteSource(Utf8JsonWriter writer, JsonEncodedText sourceName, long lineNumber)
    {
        writer.WriteStartObject(sourceName);
        writer.WriteStartObject(_kind);
        foreach (var (name, value) in _properties) writer.WriteString(name, value);
        writer.WriteNumber(LineNumberName, lineNumber);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    internal void WriteEventId(Utf8JsonWriter writer, JsonEncodedText name, long byteOffset)
    {
        Span<byte> id = stackalloc byte[48];
        _eventIdPrefix.CopyTo(id);
        System.Buffers.Text.Utf8Formatter.TryFormat(byteOffset, id[_eventIdPrefix.Length..], out int digits);
        writer.WriteString(name, id[..(_eventIdPrefix.Length + digits)]);
    }

    /// <summary>The id of the line starting at <paramref name="byteOffset"/>, as text (tests, tools).</summary>
    public string EventIdFor(long byteOffset) => Encoding.ASCII.GetString(_eventIdPrefix) + byteOffset;
}
