namespace ElbLogProcessor.Reading;

/// <summary>Where log objects are read from: S3 in Lambda, a folder for local invocation.</summary>
internal interface IObjectStore
{
    /// <summary>
    /// Opens the object at <paramref name="location"/> for reading from raw byte <paramref name="fromByte"/>.
    /// Throws <see cref="IOException"/> (or <see cref="LogReadException"/>) when it cannot be read.
    /// </summary>
    Task<OpenedObject> OpenAsync(ObjectLocation location, long fromByte, CancellationToken cancellationToken);
}
