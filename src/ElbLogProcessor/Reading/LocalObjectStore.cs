namespace ElbLogProcessor.Reading;

/// <summary><c>bucket/key</c> resolved to <c>root/bucket/key</c> on disk (local invocation).</summary>
internal sealed class LocalObjectStore(string root) : IObjectStore
{
    public Task<OpenedObject> OpenAsync(ObjectLocation location, long fromByte, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, location.Bucket, location.Key);
        if (!File.Exists(path)) throw new IOException($"{location}: no file at '{path}'");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        file.Position = fromByte;
        return Task.FromResult(new OpenedObject(file, location.ETag, file.Length));
    }
}
