using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;

namespace ElbLogProcessor.Reading;

/// <summary>
/// Turns the raw bytes of a log object into its text bytes: gzip is recognised by its
/// magic bytes (1f 8b), never by the name, and every member of a multi-member gzip is read.
/// </summary>
/// <remarks>
/// SharpZipLib's <see cref="GZipInputStream"/> is used rather than System.IO.Compression's
/// GZipStream because the latter ends silently on a truncated stream (dotnet/runtime#47563);
/// SharpZipLib checks every member's CRC and length and throws on an early end.
/// </remarks>
public static class LogStreamDecoder
{
    private const byte GzipMagic1 = 0x1f;
    private const byte GzipMagic2 = 0x8b;

    /// <summary>
    /// Opens the decoded view of <paramref name="raw"/>; disposing it disposes <paramref name="raw"/>.
    /// <c>Compressed</c> tells whether it is gzip.
    /// </summary>
    public static async ValueTask<(Stream Stream, bool Compressed)> OpenAsync(Stream raw, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        int headLength = 0;
        while (headLength < head.Length)
        {
            int n = await raw.ReadAsync(head.AsMemory(headLength), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            headLength += n;
        }

        var whole = new PrefixedStream(head.AsMemory(0, headLength), raw);
        bool isGzip = headLength == 2 && head[0] == GzipMagic1 && head[1] == GzipMagic2;
        return (isGzip ? new GzipDecodingStream(whole) : whole, isGzip);
    }

    /// <summary>
    /// Decompresses with SharpZipLib, which reads its input synchronously: before each
    /// decompression step the compressed bytes are fetched ahead asynchronously, so reading
    /// an S3 object does not block a thread on the network. Failures are reported with the
    /// compressed position, as one exception type.
    /// </summary>
    private sealed class GzipDecodingStream : ReadOnlyStream
    {
        /// <summary>Compressed bytes kept ahead: a decompression step of 128 KiB output rarely needs more.</summary>
        private const int ReadAhead = 128 * 1024;

        private readonly ReadAheadStream _ahead;
        private readonly CountingStream _compressed;
        private readonly GZipInputStream _gzip;

        public GzipDecodingStream(Stream compressed)
        {
            _ahead = new ReadAheadStream(compressed, 2 * ReadAhead);
            _compressed = new CountingStream(_ahead, leaveOpen: false);
            _gzip = new GZipInputStream(_compressed, 64 * 1024) { IsStreamOwner = true };
        }

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return _gzip.Read(buffer);
            }
            catch (Exception e) when (e is SharpZipBaseException or EndOfStreamException or InvalidDataException)
            {
                throw new InvalidDataException(
                    $"gzip data is truncated or corrupt at compressed byte {_compressed.BytesRead} ({e.Message})", e);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _ahead.FillAsync(ReadAhead, cancellationToken).ConfigureAwait(false);
            return Read(buffer.Span);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _gzip.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>
    /// Serves synchronous reads from a buffer that <see cref="FillAsync"/> fills asynchronously;
    /// only when the buffer runs dry does a read go to the inner stream synchronously.
    /// </summary>
    private sealed class ReadAheadStream(Stream inner, int capacity) : ReadOnlyStream
    {
        private readonly byte[] _buffer = new byte[capacity];
        private int _start;
        private int _end;
        private bool _innerEnded;

        /// <summary>Reads ahead until at least <paramref name="bytes"/> are buffered or the input ends.</summary>
        public async ValueTask FillAsync(int bytes, CancellationToken cancellationToken)
        {
            if (_end - _start >= bytes || _innerEnded) return;
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            while (_end < bytes && _end < _buffer.Length)
            {
                int n = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    _innerEnded = true;
                    return;
                }

                _end += n;
            }
        }

        public override int Read(Span<byte> buffer)
        {
            if (_start == _end) return _innerEnded ? 0 : inner.Read(buffer);
            int n = Math.Min(buffer.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(buffer);
            _start += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>The bytes already read to sniff the format, followed by the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty) return rest.Read(buffer);
            return TakePrefix(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty) return rest.ReadAsync(buffer, cancellationToken);
            return ValueTask.FromResult(TakePrefix(buffer.Span));
        }

        private int TakePrefix(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing) rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
