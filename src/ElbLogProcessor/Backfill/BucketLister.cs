using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace ElbLogProcessor.Backfill;

/// <summary>
/// Lists the objects under a prefix with the SDK's ListObjectsV2 paginator (any number of keys,
/// 1,000 a page). With a <see cref="DayRange"/> it lists only the days in range: it walks the key
/// tree folder by folder down to the level holding year folders, as in ELB's
/// <c>AWSLogs/&lt;account&gt;/elasticloadbalancing/&lt;region&gt;/yyyy/mm/dd/</c>, and there names each
/// day's folder instead of listing everything and filtering.
/// </summary>
internal sealed class BucketLister(IAmazonS3 s3)
{
    /// <summary>Folders walked down at most before the year folders (prefix, AWSLogs, account, service, region, and some slack).</summary>
    private const int MaxDepth = 8;

    /// <summary>Keys asked for per folder-discovery request: enough to step over loose files quickly, small enough to stay cheap.</summary>
    private const int ScanPage = 100;

    /// <summary>Folder listings made (tests check that a day range does not list the whole bucket).</summary>
    public int FolderListings { get; private set; }

    /// <summary>Object listings made, one per prefix listed in full.</summary>
    public int ObjectListings { get; private set; }

    public async IAsyncEnumerable<ListedObject> ListAsync(S3Location location, DayRange? days,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (days is null)
        {
            await foreach (var o in ListObjectsAsync(location.Bucket, location.Prefix, cancellationToken).ConfigureAwait(false)) yield return o;
            yield break;
        }

        var dayPrefixes = DateTail.Of(location.Prefix) is { } dated
            ? InRange(dated.Root, dated.Tail, dated.Hive, days).ToAsyncEnumerable()
            : DayPrefixesAsync(location.Bucket, location.Prefix, days, 0, cancellationToken);
        await foreach (var dayPrefix in dayPrefixes.ConfigureAwait(false))
            await foreach (var o in ListObjectsAsync(location.Bucket, dayPrefix, cancellationToken).ConfigureAwait(false))
                yield return o;
    }

    /// <summary>The day folders in range below a prefix that already names a year, month or day (<c>.../2026/11/</c>).</summary>
    private static IEnumerable<string> InRange(string root, string tail, bool hive, DayRange days) =>
        days.Days().Select(day => DayRange.Folder(day, hive)).Where(f => f.StartsWith(tail, StringComparison.Ordinal)).Select(f => root + f);

    private async IAsyncEnumerable<ListedObject> ListObjectsAsync(string bucket, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectListings++;
        var pages = s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        await foreach (var o in pages.S3Objects.WithCancellation(cancellationToken).ConfigureAwait(false))
            if (!o.Key.EndsWith('/')) yield return new ListedObject(o.Key, o.Size ?? 0, o.ETag?.Trim('"') ?? "");
    }

    private async IAsyncEnumerable<string> DayPrefixesAsync(string bucket, string prefix, DayRange days, int depth,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folders = await ChildFoldersAsync(bucket, prefix, cancellationToken).ConfigureAwait(false);
        bool plainYears = folders.Any(f => IsYearFolder(f, prefix, hive: false)), hiveYears = folders.Any(f => IsYearFolder(f, prefix, hive: true));
        if (plainYears || hiveYears)
        {
            foreach (var day in days.Days())
            {
                if (plainYears) yield return prefix + DayRange.Folder(day);
                if (hiveYears) yield return prefix + DayRange.Folder(day, hive: true);
            }

            yield break;
        }

        if (depth >= MaxDepth) yield break;
        foreach (var folder in folders)
            await foreach (var dayPrefix in DayPrefixesAsync(bucket, folder, days, depth + 1, cancellationToken).ConfigureAwait(false))
                yield return dayPrefix;
    }

    /// <summary>
    /// The folders right below <paramref name="prefix"/>, found by skipping: list a short page, note the
    /// folder of each key, then start the next page after the last folder seen. One request per folder
    /// (or per <see cref="ScanPage"/> loose files), however many objects each folder holds. A
    /// <c>/</c>-delimited listing would do the same on S3, but S3-compatible servers differ there
    /// (s3rver 3.7 returns no common prefixes for keys two folders deep), and this needs only plain listing.
    /// </summary>
    private async Task<List<string>> ChildFoldersAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        string? startAfter = null;
        while (true)
        {
            FolderListings++;
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = prefix,
                MaxKeys = ScanPage,
                StartAfter = startAfter,
            }, cancellationToken).ConfigureAwait(false);
            if (page.S3Objects is not { Count: > 0 } objects) return folders;

            foreach (var o in objects)
            {
                var slash = o.Key.IndexOf('/', prefix.Length);
                if (slash < 0) continue; // a loose file at this level, such as ELBAccessLogTestFile
                var folder = o.Key[..(slash + 1)];
                if (folders.Count == 0 || folders[^1] != folder) folders.Add(folder);
            }

            if (page.IsTruncated != true) return folders;
            var last = objects[^1].Key;
            // Keys are ordered by UTF-8 bytes, and U+10FFFF is the highest code point: nothing in the
            // last folder sorts after "folder/" + U+10FFFF.
            startAfter = last.IndexOf('/', prefix.Length) < 0 ? last : folders[^1] + "\U0010FFFF";
        }
    }

    /// <summary><c>prefix2026/</c> (or, <paramref name="hive"/>, <c>prefixyear=2026/</c>): a year folder right below <paramref name="prefix"/>.</summary>
    private static bool IsYearFolder(string folder, string prefix, bool hive)
    {
        var name = folder.AsSpan(prefix.Length).TrimEnd('/');
        if (hive)
        {
            if (!name.StartsWith("year=")) return false;
            name = name["year=".Length..];
        }

        return name.Length == 4 && name.IndexOfAnyExceptInRange('0', '9') < 0;
    }
}

/// <summary>
/// A prefix ending in date folders: <c>root/2026/</c>, <c>root/2026/11/</c> or <c>root/2026/11/28/</c>, or their
/// Hive-compatible forms (<c>root/year=2026/month=11/</c>).
/// </summary>
internal static class DateTail
{
    private static readonly string[] HiveNames = ["year=", "month=", "day="];

    /// <returns>The prefix up to the year folder, the date folders after it, and whether they are Hive's; null when it does not end in them.</returns>
    public static (string Root, string Tail, bool Hive)? Of(string prefix)
    {
        if (!prefix.EndsWith('/')) return null;
        var folders = prefix[..^1].Split('/');
        for (int year = Math.Max(0, folders.Length - 3); year < folders.Length; year++)
        {
            foreach (bool hive in (bool[])[false, true])
            {
                var dates = folders[year..];
                if (!dates.Select((f, i) => IsDate(f, i == 0 ? 4 : 2, hive ? HiveNames[i] : "")).All(ok => ok)) continue;
                var root = string.Concat(folders.Take(year).Select(f => f + "/"));
                return (root, prefix[root.Length..], hive);
            }
        }

        return null;
    }

    private static bool IsDate(string folder, int digits, string name) =>
        folder.StartsWith(name, StringComparison.Ordinal) && folder.Length == name.Length + digits &&
        folder.AsSpan(name.Length).IndexOfAnyExceptInRange('0', '9') < 0;
}
