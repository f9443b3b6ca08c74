using System.Net;
using System.Net.Sockets;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// HTTP to one container's action proxy over kept-open connections (up to the action's concurrency): to its Unix
/// socket when the address names one, else over TCP with <c>TCP_NODELAY</c>. A response without <c>Content-Length</c> counts as no response, as in OpenWhisk; a body larger
/// than the limit is cut to the truncation size. Container factories use one per container.
/// </summary>
/// <param name="address">The proxy's address.</param>
/// <param name="timeProvider">The clock of call durations and timeouts.</param>
public sealed class ActionProxyClient(ContainerAddress address, TimeProvider timeProvider) : IDisposable
{
    private readonly Uri baseAddress = new(address.SocketPath is null ? $"http://{address.Host}:{address.Port}" : $"http://{address.Host}");
    private HttpClient? client;
    private volatile bool disposed;

    /// <summary>Sends one POST and reads the response.</summary>
    /// <param name="path"><c>/init</c> or <c>/run</c>.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="options">Timeout and limits.</param>
    /// <param name="retryConnect">Whether to retry connection failures until the timeout (init).</param>
    /// <param name="retryInterval">How long to wait between connection attempts.</param>
    /// <param name="diagnose">Asked after a connection failure: the container's own verdict, or null to keep trying.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw outcome.</returns>
    public async Task<ContainerCallResult> PostAsync(
        string path,
        ReadOnlyMemory<byte> body,
        ContainerCallOptions options,
        bool retryConnect,
        TimeSpan retryInterval,
        Func<DateTimeOffset, bool, CancellationToken, Task<ContainerCallFailure?>> diagnose,
        CancellationToken cancellationToken)
    {
        var start = timeProvider.GetUtcNow();
        if (disposed)
        {
            return ContainerCallResult.Failed(start, start, ContainerCallFailure.ConnectionFailed, "the container was removed");
        }

        var http = Client(options.MaxConcurrent);
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, path))
                {
                    Content = new ReadOnlyMemoryContent(body),
                };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                return await ReadAsync(response, start, options, linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.Timeout);
            }
            catch (ObjectDisposedException) when (disposed)
            {
                return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.ConnectionFailed, "the container was removed");
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or SocketException)
            {
                var verdict = await diagnose(start, retryConnect, cancellationToken);
                if (verdict is { } failure)
                {
                    return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), failure, exception.Message);
                }

                try
                {
                    await Task.Delay(retryInterval, timeProvider, linked.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.Timeout, exception.Message);
                }
            }
        }
    }

    /// <summary>Closes the kept-open connections.</summary>
    public void Dispose()
    {
        disposed = true;
        client?.Dispose();
    }

    private async Task<ContainerCallResult> ReadAsync(HttpResponseMessage response, DateTimeOffset start, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        var length = response.Content.Headers.ContentLength;
        if (length is null)
        {
            return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.NoResponse, "the response had no Content-Length");
        }

        string text;
        var truncated = length > options.MaxResponseBytes;
        if (!truncated)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            text = System.Text.Encoding.UTF8.GetString(bytes);
        }
        else
        {
            var buffer = new byte[options.TruncationBytes];
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            text = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }

        return new ContainerCallResult
        {
            Start = start,
            End = timeProvider.GetUtcNow(),
            StatusCode = (int)response.StatusCode,
            Body = text,
            ContentLength = length,
            Truncated = truncated,
        };
    }

    private HttpClient Client(int maxConcurrent)
    {
        if (client is not null)
        {
            return client;
        }

        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = Math.Max(1, maxConcurrent),
            PooledConnectionIdleTimeout = TimeSpan.FromHours(1),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = address.SocketPath is { } socketPath
                ? (_, token) => ConnectToSocketAsync(socketPath, token)
                : ConnectWithNoDelayAsync,
        };
        client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        client.DefaultRequestHeaders.ExpectContinue = false;
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        return client;
    }

    private static ValueTask<Stream> ConnectToSocketAsync(string path, CancellationToken cancellationToken) =>
        ConnectAsync(new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), new UnixDomainSocketEndPoint(path), cancellationToken);

    private static ValueTask<Stream> ConnectWithNoDelayAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }, context.DnsEndPoint, cancellationToken);

    private static async ValueTask<Stream> ConnectAsync(Socket socket, EndPoint endPoint, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
