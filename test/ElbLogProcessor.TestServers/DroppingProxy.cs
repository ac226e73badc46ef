using System.Net;
using System.Net.Sockets;

namespace ElbLogProcessor.TestServers;

/// <summary>
/// A TCP proxy on 127.0.0.1 that cuts the first <see cref="DropsLeft"/> connections whose
/// answer grows past <see cref="DropAfterBytes"/>: a download that breaks mid-object. Small
/// answers (uploads, errors) pass untouched.
/// </summary>
public sealed class DroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _dropsLeft;
    private int _dropped;

    public DroppingProxy(Uri target, int drops, long dropAfterBytes)
    {
        _target = target;
        _dropsLeft = drops;
        DropAfterBytes = dropAfterBytes;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }
    public long DropAfterBytes { get; }
    public int DropsLeft => Volatile.Read(ref _dropsLeft);

    /// <summary>Connections cut so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = CopyAsync(client.GetStream(), server.GetStream(), long.MaxValue, cut.Token);
                var down = CopyAsync(server.GetStream(), client.GetStream(), DropAfterBytes, cut.Token);
                await Task.WhenAny(up, down);
                cut.Cancel();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // One side went away: so does the other.
            }

            client.Client.LingerState = new LingerOption(true, 0);   // a reset, as a broken network gives
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long copied = 0;
        while (true)
        {
            int n = await from.ReadAsync(buffer, cancellationToken);
            if (n == 0) return;
            if (copied + n > limit && Interlocked.Decrement(ref _dropsLeft) >= 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, (int)(limit - copied)), cancellationToken);
                Interlocked.Increment(ref _dropped);
                return;   // cut mid-answer
            }

            await to.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
            copied += n;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
