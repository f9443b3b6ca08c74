using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// One kept-open HTTP/1.1 connection to an action proxy: it writes a POST and reads the answer, one exchange at a
/// time. It speaks only what the proxy protocol needs: a JSON body with <c>Content-Length</c> out, a head and a
/// <c>Content-Length</c> body back. An answer it cannot reuse the connection after (no length, a cut body, a
/// <c>Connection: close</c>) leaves it marked as not reusable.
/// </summary>
internal sealed class ProxyConnection : IDisposable
{
    private const int FirstBufferBytes = 4096;
    private const int HeadLimitBytes = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly Socket socket;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
    private int disposed;
    private int busy;

    private ProxyConnection(Socket socket)
    {
        this.socket = socket;
    }

    /// <summary>Whether an exchange completed on this connection before.</summary>
    public bool Reused { get; private set; }

    /// <summary>Whether the current exchange received any byte of an answer.</summary>
    public bool Answered { get; private set; }

    /// <summary>Whether the connection can carry another exchange.</summary>
    public bool Reusable { get; private set; }

    /// <summary>Opens a connection: to the Unix socket when the address names one, else over TCP without Nagle's delay.</summary>
    public static async ValueTask<ProxyConnection> ConnectAsync(ContainerAddress address, CancellationToken cancellationToken)
    {
        Socket socket;
        EndPoint endPoint;
        if (address.SocketPath is { } path)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endPoint = new UnixDomainSocketEndPoint(path);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            endPoint = IPAddress.TryParse(address.Host, out var ip) ? new IPEndPoint(ip, address.Port) : new DnsEndPoint(address.Host, address.Port);
        }

        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new ProxyConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an idle connection still looks open: a peer that closed it makes it readable.</summary>
    public bool LooksOpen()
    {
        try
        {
            return socket.Connected && !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    /// <summary>Sends one request and reads its answer.</summary>
    /// <param name="requestHead">The request's head up to and including <c>Content-Length: </c>.</param>
    /// <param name="body">The body.</param>
    /// <param name="options">The limits of the answer's body.</param>
    /// <param name="cancellationToken">Cancels the exchange (the connection is then not reusable).</param>
    /// <returns>The status, the declared length and the body read.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ProxyAnswer> ExchangeAsync(byte[] requestHead, ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        Volatile.Write(ref busy, 1);
        try
        {
            return await ExchangeCoreAsync(requestHead, body, options, cancellationToken);
        }
        finally
        {
            // Closed while this exchange ran: its buffer goes back to the pool only now that no receive can write to it.
            Volatile.Write(ref busy, 0);
            if (Volatile.Read(ref disposed) == 1)
            {
                ReturnBuffer();
            }
        }
    }

    /// <summary>Closes the connection; its buffer goes back to the pool once no exchange uses it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Reusable = false;
        socket.Dispose();
        if (Volatile.Read(ref busy) == 0)
        {
            ReturnBuffer();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ProxyAnswer> ExchangeCoreAsync(byte[] requestHead, ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        Answered = false;
        Reusable = false;
        await SendAsync(requestHead, body, cancellationToken);
        var filled = 0;
        while (true)
        {
            int headLength;
            while ((headLength = buffer.AsSpan(0, filled).IndexOf(HeadEnd)) < 0)
            {
                filled = await ReceiveMoreAsync(filled, cancellationToken);
            }

            headLength += HeadEnd.Length;
            var head = ProxyAnswerHead.Parse(buffer.AsSpan(0, headLength));
            if (head.StatusCode is >= 100 and < 200)
            {
                // An interim answer (100 Continue): the final one follows it.
                buffer.AsSpan(headLength, filled - headLength).CopyTo(buffer);
                filled -= headLength;
                continue;
            }

            var answer = await ReadBodyAsync(head, headLength, filled, options, cancellationToken);
            Reused = true;
            return answer;
        }
    }

    private void ReturnBuffer()
    {
        var rented = Interlocked.Exchange(ref buffer, []);
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async ValueTask SendAsync(byte[] requestHead, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        Span<byte> digits = stackalloc byte[24];
        body.Length.TryFormat(digits, out var digitCount, provider: System.Globalization.CultureInfo.InvariantCulture);
        var headLength = requestHead.Length + digitCount + HeadEnd.Length;
        EnsureCapacity(headLength + (headLength + body.Length <= HeadLimitBytes ? body.Length : 0), 0);
        requestHead.CopyTo(buffer, 0);
        digits[..digitCount].CopyTo(buffer.AsSpan(requestHead.Length));
        HeadEnd.CopyTo(buffer, requestHead.Length + digitCount);
        var written = headLength;
        if (buffer.Length - headLength >= body.Length)
        {
            body.Span.CopyTo(buffer.AsSpan(headLength));
            written += body.Length;
            body = ReadOnlyMemory<byte>.Empty;
        }

        await SendAllAsync(buffer.AsMemory(0, written), cancellationToken);
        if (!body.IsEmpty)
        {
            await SendAllAsync(body, cancellationToken);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveMoreAsync(int filled, CancellationToken cancellationToken)
    {
        if (filled == buffer.Length)
        {
            if (filled >= HeadLimitBytes)
            {
                throw new IOException($"the action proxy's answer had a head longer than {HeadLimitBytes} bytes");
            }

            EnsureCapacity(filled * 2, filled);
        }

        var received = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken);
        if (received == 0)
        {
            throw new IOException(Answered ? "the action proxy closed the connection during its answer" : "the action proxy closed the connection without answering");
        }

        Answered = true;
        return filled + received;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ProxyAnswer> ReadBodyAsync(ProxyAnswerHead head, int headLength, int filled, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        if (head.ContentLength is not { } length)
        {
            return new ProxyAnswer(head.StatusCode, null, null, Truncated: false);
        }

        var truncated = length > options.MaxResponseBytes;
        var wanted = (int)Math.Min(length, truncated ? options.TruncationBytes : length);
        var inBuffer = Math.Min(filled - headLength, wanted);
        if (inBuffer == wanted)
        {
            Reusable = !truncated && !head.Close && filled - headLength == length;
            return new ProxyAnswer(head.StatusCode, length, Encoding.UTF8.GetString(buffer, headLength, wanted), truncated);
        }

        var body = ArrayPool<byte>.Shared.Rent(wanted);
        try
        {
            buffer.AsSpan(headLength, inBuffer).CopyTo(body);
            var read = inBuffer;
            while (read < wanted)
            {
                var received = await socket.ReceiveAsync(body.AsMemory(read, wanted - read), SocketFlags.None, cancellationToken);
                if (received == 0)
                {
                    break;
                }

                read += received;
            }

            if (read < wanted && !truncated)
            {
                throw new IOException($"the action proxy closed the connection after {read} of {length} bytes");
            }

            Reusable = !truncated && !head.Close;
            return new ProxyAnswer(head.StatusCode, length, Encoding.UTF8.GetString(body, 0, read), truncated);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    private void EnsureCapacity(int bytes, int keep)
    {
        if (buffer.Length >= bytes)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(bytes);
        buffer.AsSpan(0, keep).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
