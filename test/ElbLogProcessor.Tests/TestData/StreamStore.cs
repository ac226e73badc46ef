using ElbLogProcessor.Reading;

namespace ElbLogProcessor.Tests;

/// <summary>An object store that opens whatever stream a test gives for a location (a file, a generated stream).</summary>
internal sealed class StreamStore(Func<ObjectLocation, Stream> open) : IObjectStore
{
    public Task<OpenedObject> OpenAsync(ObjectLocation location, long fromByte, CancellationToken cancellationToken)
    {
        var stream = open(location);
        stream.Position = fromByte;
        return Task.FromResult(new OpenedObject(stream, location.ETag, stream.CanSeek ? stream.Length : null));
    }
}
