using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;
using Polly;

namespace OpenWhisk.Plugins.Docker;

/// <summary>An action container run by the Docker engine.</summary>
internal sealed partial class DockerContainer : IContainer, IAsyncDisposable
{
    private readonly DockerClient client;
    private readonly DockerOptions options;
    private readonly ResiliencePipeline retry;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly ActionProxyClient proxy;
    private readonly ContainerLogFollower logs;
    private readonly string? socketDirectory;
    private int destroyed;

    public DockerContainer(
        DockerClient client,
        string id,
        string name,
        ContainerAddress address,
        string? socketDirectory,
        LogFileToRead? logFile,
        DockerOptions options,
        ResiliencePipeline retry,
        TimeProvider timeProvider,
        ILogger logger)
    {
        this.client = client;
        this.options = options;
        this.retry = retry;
        this.timeProvider = timeProvider;
        this.logger = logger;
        Id = id;
        Name = name;
        Address = address;
        this.socketDirectory = socketDirectory;
        proxy = new ActionProxyClient(address, timeProvider);
        logs = new ContainerLogFollower(client, id, logFile, timeProvider);
        if (logFile is { WrittenByProxy: true })
        {
            logs.Start();
        }
    }

    public string Id { get; }

    public string Name { get; }

    public ContainerAddress Address { get; }

    public async Task<ContainerCallResult> InitializeAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (socketDirectory is not null && Address.SocketPath is { } socketPath)
        {
            var start = timeProvider.GetUtcNow();
            var refused = await SocketDirectoryLock.LockWhenListeningAsync(
                socketDirectory, socketPath, options.Timeout, this.options.InitRetryInterval, timeProvider, cancellationToken);
            if (refused is not null)
            {
                return ContainerCallResult.Failed(start, timeProvider.GetUtcNow(), ContainerCallFailure.ConnectionFailed, refused);
            }
        }

        return await proxy.PostAsync(ActionProxyProtocol.InitPath, body, options, retryConnect: true, this.options.InitRetryInterval, DiagnoseInitAsync, cancellationToken);
    }

    public Task<ContainerCallResult> RunAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return proxy.PostAsync(
            ActionProxyProtocol.RunPath,
            body,
            options,
            retryConnect: false,
            TimeSpan.Zero,
            (start, _, token) => DiagnoseRunAsync(start, options.Reschedule, token),
            cancellationToken);
    }

    public Task SuspendAsync(CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token => await client.Containers.PauseContainerAsync(Id, token), cancellationToken).AsTask();

    public Task ResumeAsync(CancellationToken cancellationToken) =>
        retry.ExecuteAsync(async token => await client.Containers.UnpauseContainerAsync(Id, token), cancellationToken).AsTask();

    public async Task DestroyAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref destroyed, 1) == 1)
        {
            return;
        }

        proxy.Dispose();
        try
        {
            await retry.ExecuteAsync(
                async token => await client.Containers.RemoveContainerAsync(Id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token),
                cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            // Already gone.
        }

        if (socketDirectory is not null)
        {
            ProxySockets.Delete(socketDirectory);
        }

        await logs.DisposeAsync();
    }

    public Task<ContainerLogs> ReadLogsAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return logs.ReadActivationAsync(request with { IdleTimeout = request.WaitForSentinel ? options.LogIdleTimeout : request.IdleTimeout }, cancellationToken);
    }

    public async ValueTask DisposeAsync() => await DestroyAsync(CancellationToken.None);

    /// <summary>
    /// During <c>/init</c> a refused or dropped connection usually means the proxy is not listening yet: keep
    /// trying while the container runs; stop when it has exited.
    /// </summary>
    private async Task<ContainerCallFailure?> DiagnoseInitAsync(DateTimeOffset start, bool retrying, CancellationToken cancellationToken)
    {
        var state = await StateAsync(cancellationToken);
        if (state is null || !state.Running)
        {
            return state?.OOMKilled == true ? ContainerCallFailure.MemoryExhausted : ContainerCallFailure.ConnectionFailed;
        }

        return retrying ? null : ContainerCallFailure.NoResponse;
    }

    /// <summary>
    /// After a broken <c>/run</c>: out of memory is reported as such; a container that had already died before the
    /// call started is a connection failure (the activation can be rescheduled); anything else means the action
    /// broke the proxy.
    /// </summary>
    private async Task<ContainerCallFailure?> DiagnoseRunAsync(DateTimeOffset start, bool reschedule, CancellationToken cancellationToken)
    {
        var state = await WaitForExitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        if (state is null)
        {
            return reschedule ? ContainerCallFailure.ConnectionFailed : ContainerCallFailure.NoResponse;
        }

        if (state.OOMKilled || await KilledForMemoryAsync(state, cancellationToken))
        {
            return ContainerCallFailure.MemoryExhausted;
        }

        var diedBefore = !state.Running
            && DateTimeOffset.TryParse(state.FinishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var finished)
            && finished < start;
        return reschedule && diedBefore ? ContainerCallFailure.ConnectionFailed : ContainerCallFailure.NoResponse;
    }

    /// <summary>
    /// Whether a container killed by SIGKILL (exit code 137) was killed for memory: the engine may record the
    /// out-of-memory event a moment after the exit, so the flag is read again for up to half a second.
    /// </summary>
    private async Task<bool> KilledForMemoryAsync(ContainerState state, CancellationToken cancellationToken)
    {
        if (state.Running || state.ExitCode != 137)
        {
            return false;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken);
            if (await StateAsync(cancellationToken) is { OOMKilled: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits (up to <paramref name="limit"/>) for the container to stop, then returns its state.</summary>
    private async Task<ContainerState?> WaitForExitAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var limitReached = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limitReached.Token, cancellationToken);
        try
        {
            await client.Containers.WaitContainerAsync(Id, linked.Token);
        }
        catch (OperationCanceledException) when (limitReached.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Still running: the connection broke for another reason.
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }

        return await StateAsync(cancellationToken);
    }

    private async Task<ContainerState?> StateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var inspect = await client.Containers.InspectContainerAsync(Id, cancellationToken);
            return inspect.State;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or DockerApiException)
        {
            LogInspectFailed(logger, Id, exception);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Id} could not be inspected")]
    private static partial void LogInspectFailed(ILogger logger, string id, Exception exception);
}
