namespace ElbLogProcessor.Reading;

/// <summary>
/// Turns the raw bytes of a log object into its text bytes: gzip is recognised by its
/// magic bytes (1f 8b), never by the name, and every member of a multi-member gzip is read.
/// </summary>
internal static class LogStreamDecoder
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

        bool isGzip = headLength == 2 && head[0] == GzipMagic1 && head[1] == GzipMagic2;
        return isGzip
            ? (new GzipDecoder(raw, head), true)
            : (new PrefixedStream(head.AsMemory(0, headLength), raw), false);
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
