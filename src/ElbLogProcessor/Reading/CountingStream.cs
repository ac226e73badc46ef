namespace ElbLogProcessor.Reading;

/// <summary>
/// Read-only pass-through that counts the bytes read, so an error deep inside a
/// decompressor can still name the position in the compressed source.
/// </summary>
internal sealed class CountingStream(Stream inner, bool leaveOpen) : ReadOnlyStream
{
    public long BytesRead { get; private set; }

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        BytesRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        BytesRead += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}
