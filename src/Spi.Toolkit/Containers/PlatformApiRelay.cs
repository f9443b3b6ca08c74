using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// Lets action containers reach the platform's API without the host's network: a Unix socket in a directory of its
/// own (mounted read-only into every container at <see cref="ContainerDirectory"/>) whose connections are relayed
/// to the API's TCP address on this host. The runtimes listen on the <c>__OW_API_HOST</c> port inside the
/// container and forward to the socket, so <c>__OW_API_HOST</c> works inside the container as it does outside.
/// </summary>
public sealed partial class PlatformApiRelay : IAsyncDisposable
{
    /// <summary>Where the socket's directory appears inside a container.</summary>
    public const string ContainerDirectory = "/run/openwhisk";

    /// <summary>The socket's file name.</summary>
    public const string SocketName = "api.sock";

    private readonly string host;
    private readonly int port;
    private readonly ILogger logger;
    private readonly Socket listener;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    private PlatformApiRelay(string directory, string host, int port, ILogger logger)
    {
        HostDirectory = directory;
        this.host = host;
        this.port = port;
        this.logger = logger;
        var path = Path.Combine(directory, SocketName);
        File.Delete(path);
        listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            // Blackbox images may run as any user: everyone may connect.
            File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
        }

        listener.Listen(128);
        accepting = AcceptAsync();
    }

    /// <summary>Gets the directory on the host that holds the socket.</summary>
    public string HostDirectory { get; }

    /// <summary>Starts a relay to <paramref name="apiHost"/> with its socket in <paramref name="directory"/> (created if missing).</summary>
    /// <param name="directory">The socket's directory on this host.</param>
    /// <param name="apiHost">The platform API's URL on this host.</param>
    /// <param name="logger">Where unreachable-API warnings go.</param>
    /// <returns>The running relay.</returns>
    public static PlatformApiRelay Start(string directory, Uri apiHost, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(apiHost);
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        }

        return new PlatformApiRelay(directory, apiHost.Host, apiHost.Port, logger);
    }

    /// <summary>Stops relaying and removes the socket's directory.</summary>
    /// <returns>A task that completes when the relay stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
        try
        {
            Directory.Delete(HostDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away: the connection ends.
        }
        finally
        {
            try
            {
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
            }
        }
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
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using (client)
        using (var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true })
        {
            try
            {
                await upstream.ConnectAsync(host, port, stopping.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                LogUpstreamUnreachable(logger, host, port, exception.Message);
                return;
            }

            await Task.WhenAll(PumpAsync(client, upstream, stopping.Token), PumpAsync(upstream, client, stopping.Token));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An action's call to the API could not reach {Host}:{Port}: {Reason}")]
    private static partial void LogUpstreamUnreachable(ILogger logger, string host, int port, string reason);
}
