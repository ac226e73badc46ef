using ElbLogProcessor.Invocation;

namespace ElbLogProcessor.Reading;

/// <summary><c>bucket/key</c> resolved to <c>root/bucket/key</c> on disk (local invocation).</summary>
internal sealed class LocalObjectStore(string root) : IObjectStore
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
