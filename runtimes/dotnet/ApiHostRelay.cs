using System.Net;
using System.Net.Sockets;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>
/// Actions reach the platform at <c>__OW_API_HOST</c>. When that is a loopback address and the platform mounted its
/// API socket (<c>__OW_API_SOCKET</c>), the same port inside this container is forwarded to the socket, so the URL
/// works here without the host's network (as the Node.js and Python proxies do).
/// </summary>
internal sealed class ApiHostRelay : IDisposable
{
    private readonly Socket listener;
    private readonly string socketPath;
    private readonly CancellationTokenSource stopping = new();

    private ApiHostRelay(Socket listener, string socketPath)
    {
        this.listener = listener;
        this.socketPath = socketPath;
        _ = AcceptAsync();
    }

    /// <summary>Starts the relay when the environment asks for one; null otherwise.</summary>
    /// <param name="apiHost">The API's URL as actions see it.</param>
    /// <param name="apiSocket">The platform's API socket in this container.</param>
    /// <param name="proxyPort">The proxy's own TCP port, if it listens on one (never taken over).</param>
    public static ApiHostRelay? Start(string? apiHost, string? apiSocket, int? proxyPort)
    {
        if (string.IsNullOrEmpty(apiSocket) || !Uri.TryCreate(apiHost, UriKind.Absolute, out var target)
            || target.Host is not ("127.0.0.1" or "localhost") || target.Port == proxyPort)
        {
            return null;
        }

        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, target.Port));
            listener.Listen(64);
            return new ApiHostRelay(listener, apiSocket);
        }
        catch (SocketException exception)
        {
            listener.Dispose();
            Console.Error.WriteLine("API forwarding is not available: " + exception.Message);
            return null;
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                client.NoDelay = true;
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), stopping.Token);
                await using var toPlatform = new NetworkStream(upstream, ownsSocket: false);
                await using var fromClient = new NetworkStream(client, ownsSocket: false);
                var up = CopyThenShutdownAsync(fromClient, toPlatform, upstream);
                var down = CopyThenShutdownAsync(toPlatform, fromClient, client);
                if (await Task.WhenAny(up, down) is { IsCompletedSuccessfully: false })
                {
                    // One direction failed (a reset): both sockets close now, so the other side sees it at once.
                    return;
                }

                await Task.WhenAll(up, down);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away: both are closed.
            }
        }
    }

    private async Task CopyThenShutdownAsync(Stream from, Stream to, Socket target)
    {
        await from.CopyToAsync(to, stopping.Token);
        target.Shutdown(SocketShutdown.Send);
    }
}
