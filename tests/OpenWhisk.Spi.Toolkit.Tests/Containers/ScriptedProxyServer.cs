using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenWhisk.Spi.Toolkit.Tests.Containers;

/// <summary>
/// An action proxy stand-in on a Unix socket (or a loopback TCP port) that reads HTTP/1.1 requests and answers each
/// with the raw bytes its script returns: null closes the connection without answering. It counts the connections
/// it accepted and keeps every request it read.
/// </summary>
public sealed class ScriptedProxyServer : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly Func<ReceivedProxyRequest, Task<byte[]?>> script;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentBag<Socket> accepted = [];
    private readonly string? directory;
    private readonly Task acceptLoop;
    private int connections;

    private ScriptedProxyServer(Socket listener, string? directory, Func<ReceivedProxyRequest, Task<byte[]?>> script)
    {
        this.listener = listener;
        this.directory = directory;
        this.script = script;
        acceptLoop = AcceptAsync();
    }

    /// <summary>The requests read, in order.</summary>
    public ConcurrentQueue<ReceivedProxyRequest> Requests { get; } = new();

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>The path of the Unix socket, when it listens on one.</summary>
    public string? SocketPath { get; private init; }

    /// <summary>The loopback port, when it listens on TCP.</summary>
    public int Port { get; private init; }

    /// <summary>Whether each answer is written one byte per write, so the client reads it in pieces.</summary>
    public bool WritesByteByByte { get; init; }

    /// <summary>Listens on a new Unix socket in a new temporary directory.</summary>
    public static ScriptedProxyServer OnUnixSocket(Func<ReceivedProxyRequest, Task<byte[]?>> script, bool writeByteByByte = false)
    {
        var directory = Directory.CreateTempSubdirectory("ow-proxy-test-").FullName;
        var path = Path.Combine(directory, "proxy.sock");
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(16);
        return new ScriptedProxyServer(listener, directory, script) { SocketPath = path, WritesByteByByte = writeByteByByte };
    }

    /// <summary>Listens on a free loopback TCP port.</summary>
    public static ScriptedProxyServer OnLoopback(Func<ReceivedProxyRequest, Task<byte[]?>> script)
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return new ScriptedProxyServer(listener, null, script) { Port = ((IPEndPoint)listener.LocalEndPoint!).Port };
    }

    /// <summary>An answer with a <c>Content-Length</c>.</summary>
    public static byte[] Answer(int status, string body, string extraHeaders = "")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Whatever\r\nContent-Type: application/json\r\n{extraHeaders}Content-Length: {bytes.Length}\r\n\r\n");
        return [.. head, .. bytes];
    }

    /// <summary>Closes every connection the server accepted, as a proxy whose idle connections time out.</summary>
    public void CloseAcceptedConnections()
    {
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Dispose();
        CloseAcceptedConnections();
        try
        {
            await acceptLoop;
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        stopping.Dispose();
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var socket = await listener.AcceptAsync(stopping.Token);
            accepted.Add(socket);
            _ = ServeAsync(socket, Interlocked.Increment(ref connections));
        }
    }

    private async Task ServeAsync(Socket socket, int number)
    {
        var buffer = new List<byte>();
        var chunk = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int headEnd;
                while ((headEnd = IndexOfHeadEnd(buffer)) < 0)
                {
                    var read = await socket.ReceiveAsync(chunk, SocketFlags.None, stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read));
                }

                var head = Encoding.ASCII.GetString([.. buffer.GetRange(0, headEnd)]);
                var length = ContentLength(head);
                buffer.RemoveRange(0, headEnd + 4);
                while (buffer.Count < length)
                {
                    var read = await socket.ReceiveAsync(chunk, SocketFlags.None, stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    buffer.AddRange(chunk.AsSpan(0, read));
                }

                var request = new ReceivedProxyRequest(number, head, [.. buffer.GetRange(0, length)]);
                buffer.RemoveRange(0, length);
                Requests.Enqueue(request);
                var answer = await script(request);
                if (answer is null)
                {
                    socket.Dispose();
                    return;
                }

                if (!WritesByteByByte)
                {
                    await socket.SendAsync(answer, SocketFlags.None, stopping.Token);
                    continue;
                }

                for (var i = 0; i < answer.Length; i++)
                {
                    await socket.SendAsync(answer.AsMemory(i, 1), SocketFlags.None, stopping.Token);
                    await Task.Delay(1, stopping.Token);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client or the test closed the connection.
        }
    }

    private static int IndexOfHeadEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
