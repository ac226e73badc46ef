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

    /// <summary>Reports gzip failures with the compressed position, as one exception type.</summary>
    private sealed class GzipDecodingStream : ReadOnlyStream
    {
        private readonly CountingStream _compressed;
        private readonly GZipInputStream _gzip;

        public GzipDecodingStream(Stream compressed)
        {
            _compressed = new CountingStream(compressed, leaveOpen: false);
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

        // SharpZipLib reads synchronously; the source stream below it is already buffered.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _gzip.Dispose();
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
