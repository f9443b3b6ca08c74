using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// HTTP/1.1 to one container's action proxy over kept-open connections (up to the action's concurrency): to its Unix
/// socket when the address names one, else over TCP with <c>TCP_NODELAY</c>. A small client of its own
/// (<see cref="ProxyConnection"/>) rather than <see cref="HttpClient"/>: the proxy protocol needs one POST with a
/// JSON body and a <c>Content-Length</c> answer, and a warm call then costs no request or header objects. A response
/// without <c>Content-Length</c> counts as no response, as in OpenWhisk; a body larger than the limit is cut to the
/// truncation size. A kept-open connection the proxy closed while idle is replaced, and a request it closed without
/// answering is sent once more on a new connection. Container factories use one per container.
/// </summary>
/// <param name="address">The proxy's address.</param>
/// <param name="timeProvider">The clock of call durations and timeouts.</param>
public sealed class ActionProxyClient(ContainerAddress address, TimeProvider timeProvider) : IDisposable
{
    private readonly string host = address.SocketPath is null ? $"{address.Host}:{address.Port}" : address.Host;
    private readonly Lock gate = new();
    private readonly Stack<ProxyConnection> idle = new();
    private readonly HashSet<ProxyConnection> open = [];
    private readonly ConcurrentDictionary<string, byte[]> requestHeads = new(StringComparer.Ordinal);
    private SemaphoreSlim? slots;
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
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnose);
        var start = timeProvider.GetUtcNow();
        if (disposed)
        {
            return ContainerCallResult.Failed(start, start, ContainerCallFailure.ConnectionFailed, "the container was removed");
        }

        var concurrency = Slots(options.MaxConcurrent);
        using var timeout = new CancellationTokenSource(options.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        while (true)
        {
            try
            {
                var answer = await ExchangeAsync(concurrency, path, body, options, linked.Token);
                if (answer.ContentLength is null)
                {
                    return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.NoResponse, "the response had no Content-Length");
                }

                return new ContainerCallResult
                {
                    Start = start,
                    End = timeProvider.GetUtcNow(),
                    StatusCode = answer.StatusCode,
                    Body = answer.Body,
                    ContentLength = answer.ContentLength,
                    Truncated = answer.Truncated,
                };
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.Timeout);
            }
            catch (Exception exception) when (disposed && exception is not OperationCanceledException)
            {
                return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.ConnectionFailed, "the container was removed");
            }
            catch (Exception exception) when (exception is IOException or SocketException)
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

    /// <summary>Closes the kept-open connections, and with them the calls in flight.</summary>
    public void Dispose()
    {
        disposed = true;
        lock (gate)
        {
            foreach (var connection in open)
            {
                connection.Dispose();
            }

            open.Clear();
            idle.Clear();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ProxyAnswer> ExchangeAsync(SemaphoreSlim concurrency, string path, ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        await concurrency.WaitAsync(cancellationToken);
        ProxyConnection? connection = null;
        try
        {
            var head = RequestHead(path);
            connection = await RentAsync(cancellationToken);
            ProxyAnswer answer;
            try
            {
                answer = await connection.ExchangeAsync(head, body, options, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or SocketException
                && connection.Reused && !connection.Answered && !cancellationToken.IsCancellationRequested && !disposed)
            {
                // The proxy closed a kept-open connection as the request went out: once more on a new one.
                Close(connection);
                connection = null;
                connection = await OpenAsync(cancellationToken);
                answer = await connection.ExchangeAsync(head, body, options, cancellationToken);
            }

            GiveBack(connection);
            connection = null;
            return answer;
        }
        finally
        {
            if (connection is not null)
            {
                Close(connection);
            }

            concurrency.Release();
        }
    }

    private async ValueTask<ProxyConnection> RentAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ProxyConnection? connection;
            lock (gate)
            {
                if (!idle.TryPop(out connection))
                {
                    break;
                }
            }

            if (connection.LooksOpen())
            {
                return connection;
            }

            Close(connection);
        }

        return await OpenAsync(cancellationToken);
    }

    private async ValueTask<ProxyConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await ProxyConnection.ConnectAsync(address, cancellationToken);
        lock (gate)
        {
            if (!disposed)
            {
                open.Add(connection);
                return connection;
            }
        }

        connection.Dispose();
        throw new ObjectDisposedException(nameof(ActionProxyClient));
    }

    private void GiveBack(ProxyConnection connection)
    {
        if (connection.Reusable)
        {
            lock (gate)
            {
                if (!disposed)
                {
                    idle.Push(connection);
                    return;
                }
            }
        }

        Close(connection);
    }

    private void Close(ProxyConnection connection)
    {
        lock (gate)
        {
            open.Remove(connection);
        }

        connection.Dispose();
    }

    private byte[] RequestHead(string path) =>
        requestHeads.GetOrAdd(
            path,
            static (key, host) => Encoding.ASCII.GetBytes(
                $"POST {key} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: "),
            host);

    private SemaphoreSlim Slots(int maxConcurrent)
    {
        var current = slots;
        if (current is not null)
        {
            return current;
        }

        var created = new SemaphoreSlim(Math.Max(1, maxConcurrent));
        return Interlocked.CompareExchange(ref slots, created, null) ?? created;
    }
}
