namespace ElbLogProcessor.Tests;

/// <summary>Serves its bytes up to <paramref name="failAt"/>, then throws <paramref name="failure"/>, as a dropped connection does.</summary>
internal sealed class FailingStream(byte[] data, int failAt, Exception failure) : MemoryStream(data)
{
    public FailingStream(byte[] data, Exception failure) : this(data, data.Length, failure)
    {
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Position >= failAt) throw failure;
        return base.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAt - Position)], cancellationToken);
    }
}
