using ElbLogProcessor.Invocation;

namespace ElbLogProcessor.Reading;

/// <summary>An object opened for reading, with the ETag of the version being read (when known).</summary>
public sealed record OpenedObject(Stream Content, string? ETag);

/// <summary>Where log objects are read from: S3 in Lambda, a folder for local invocation.</summary>
public interface IObjectStore
{
    /// <summary>
    /// Opens <paramref name="reference"/> for reading from raw byte <paramref name="rawOffset"/>.
    /// Throws <see cref="IOException"/> (or <see cref="LogReadException"/>) when it cannot be read.
    /// </summary>
    Task<OpenedObject> OpenAsync(ObjectReference reference, long rawOffset, CancellationToken cancellationToken);
}

/// <summary><c>bucket/key</c> resolved to <c>root/bucket/key</c> on disk (local invocation).</summary>
public sealed class LocalObjectStore(string root) : IObjectStore
{
    public Task<OpenedObject> OpenAsync(ObjectReference reference, long rawOffset, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, reference.Bucket, reference.Key);
        if (!File.Exists(path)) throw new IOException($"{reference}: no file at '{path}'");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Position = rawOffset;
        return Task.FromResult(new OpenedObject(file, reference.ETag));
    }
}
