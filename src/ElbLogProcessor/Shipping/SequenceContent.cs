using System.Buffers;
using System.Net;

namespace ElbLogProcessor.Shipping;

/// <summary>
/// A request body sent segment by segment as it lies in memory: a compressed body stays in the
/// pooled stream's blocks instead of being copied into one array first. The segments must stay
/// valid until the request is done; every attempt sends them again.
/// </summary>
internal sealed class SequenceContent(ReadOnlySequence<byte> body) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        foreach (var segment in body)
            await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
