namespace ElbLogProcessor.Reading;

/// <summary>
/// An object read by ranges, as a seekable stream: what a Parquet reader needs (its footer first, then one row group's
/// column chunks at a time). Each run of reads in order is one streamed read from the store, reopened where a seek
/// lands elsewhere, so only what is read is fetched: memory holds what the reader keeps, never the object.
/// </summary>
internal sealed class SeekableObjectStream : Stream
{
    private readonly Func<long, CancellationToken, Task<Stream>> _openAt;
    private Stream? _current;        // a streamed read positioned at _currentPosition
    private long _currentPosition;
    private long _position;

    /// <param name="openAt">Opens a streamed read of the object from a byte (of the very version being read).</param>
    /// <param name="length">Its size in bytes.</param>
    public SeekableObjectStream(Func<long, CancellationToken, Task<Stream>> openAt, long length)
    {
        _openAt = openAt;
        Length = length;
    }

    /// <summary>An object of <paramref name="store"/>, every range from the version <paramref name="location"/>'s ETag names.</summary>
    public static SeekableObjectStream Of(IObjectStore store, ObjectLocation location, long length) =>
        new(async (from, cancellationToken) => (await store.OpenAsync(location, from, cancellationToken).ConfigureAwait(false)).Content, length);

    /// <summary>A local file.</summary>
    public static SeekableObjectStream OfFile(string path) => new((from, _) =>
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
        file.Position = from;
        return Task.FromResult<Stream>(file);
    }, new FileInfo(path).Length);

    /// <summary>Bytes fetched from the store, for the summary.</summary>
    public long BytesFetched { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= Length || buffer.IsEmpty) return 0;
        if (_current is null || _currentPosition != _position)
        {
            if (_current is not null) await _current.DisposeAsync().ConfigureAwait(false);
            _current = await _openAt(_position, cancellationToken).ConfigureAwait(false);
            _currentPosition = _position;
        }

        int n = await _current.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Length - _position)], cancellationToken).ConfigureAwait(false);
        _position += n;
        _currentPosition += n;
        BytesFetched += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The Parquet reader reads asynchronously; a synchronous read (never on the hot path) waits for the same.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current?.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null) await _current.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
