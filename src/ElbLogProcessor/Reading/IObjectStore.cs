using ElbLogProcessor.Invocation;

namespace ElbLogProcessor.Reading;

/// <summary>Where log objects are read from: S3 in Lambda, a folder for local invocation.</summary>
internal interface IObjectStore
{
    /// <summary>
    /// Opens <paramref name="reference"/> for reading from raw byte <paramref name="rawOffset"/>.
    /// Throws <see cref="IOException"/> (or <see cref="LogReadException"/>) when it cannot be read.
    /// </summary>
    Task<OpenedObject> OpenAsync(ObjectReference reference, long rawOffset, CancellationToken cancellationToken);
}
