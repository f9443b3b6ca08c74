using Docker.DotNet;
using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;
using OpenWhisk.Spi.Toolkit.Docker;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>
/// An action container run as a Swarm service. Pause and resume do nothing (a service cannot be frozen; OpenWhisk's
/// Kubernetes factory does the same); logs come from the service's log stream.
/// </summary>
internal sealed class SwarmContainer : IContainer, IAsyncDisposable
{
    private readonly DockerClient client;
    private readonly SwarmTasks tasks;
    private readonly SwarmOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ActionProxyClient proxy;
    private readonly ActivationLogLines lines;
    private readonly CancellationTokenSource stopping = new();
    private Task? logPump;
    private int destroyed;

    public SwarmContainer(
        DockerClient client, string serviceId, string nodeId, ContainerAddress address, SwarmTasks tasks, SwarmOptions options, TimeProvider timeProvider)
    {
        this.client = client;
        this.tasks = tasks;
        this.options = options;
        this.timeProvider = timeProvider;
        Id = serviceId;
        NodeId = nodeId;
        Address = address;
        proxy = new ActionProxyClient(address, timeProvider);
        lines = new ActivationLogLines(timeProvider);
    }

    /// <summary>Gets the service id.</summary>
    public string Id { get; }

    /// <summary>Gets the node the task runs on.</summary>
    public string NodeId { get; }

    public ContainerAddress Address { get; }

    public Task<ContainerCallResult> InitializeAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken) =>
        proxy.PostAsync(ActionProxyProtocol.InitPath, body, options, retryConnect: true, this.options.InitRetryInterval, DiagnoseInitAsync, cancellationToken);

    public Task<ContainerCallResult> RunAsync(ReadOnlyMemory<byte> body, ContainerCallOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return proxy.PostAsync(
            ActionProxyProtocol.RunPath, body, options, retryConnect: false, TimeSpan.Zero, (start, _, token) => DiagnoseRunAsync(start, options.Reschedule, token), cancellationToken);
    }

    public Task SuspendAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ResumeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task DestroyAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref destroyed, 1) == 1)
        {
            return;
        }

        proxy.Dispose();
        try
        {
            await tasks.RemoveAsync(Id, cancellationToken);
        }
        finally
        {
            await StopLogsAsync();
        }
    }

    public Task<ContainerLogs> ReadLogsAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        logPump ??= EngineLogStream.PumpAsync(
            token => client.Swarm.GetServiceLogsAsync(Id, tty: false, new ServiceLogsParameters { Follow = true, ShowStdout = true, ShowStderr = true }, token),
            lines,
            timeProvider,
            stopping.Token);
        return lines.TakeActivationAsync(request with { IdleTimeout = request.WaitForSentinel ? options.LogIdleTimeout : request.IdleTimeout }, cancellationToken);
    }

    public async ValueTask DisposeAsync() => await DestroyAsync(CancellationToken.None);

    /// <summary>During <c>/init</c> a refused connection means the proxy is not listening yet: keep trying while the task runs.</summary>
    private async Task<ContainerCallFailure?> DiagnoseInitAsync(DateTimeOffset start, bool retrying, CancellationToken cancellationToken)
    {
        var (known, task) = await ReadTaskAsync(cancellationToken);
        if (known && task?.Status?.State != TaskState.Running)
        {
            return ContainerCallFailure.ConnectionFailed;
        }

        return retrying ? null : ContainerCallFailure.NoResponse;
    }

    /// <summary>
    /// After a broken <c>/run</c>: a task that had already ended before the call started is a connection failure (the
    /// activation can be rescheduled); a task that ended during it, or the service removed under it, means the action
    /// broke the proxy. Waits up to two seconds for the task to end, as the Docker factory waits for the container; a
    /// manager that cannot be asked in that time counts as a task still running.
    /// </summary>
    private async Task<ContainerCallFailure?> DiagnoseRunAsync(DateTimeOffset start, bool reschedule, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + TimeSpan.FromSeconds(2);
        while (true)
        {
            var (known, task) = await ReadTaskAsync(cancellationToken);
            if (known && task?.Status is null)
            {
                return ContainerCallFailure.NoResponse;
            }

            if (known && SwarmTasks.HasEnded(task!.Status.State))
            {
                if (await KilledForMemoryAsync(task, cancellationToken))
                {
                    return ContainerCallFailure.MemoryExhausted;
                }

                return reschedule && task.Status.Timestamp < start.UtcDateTime ? ContainerCallFailure.ConnectionFailed : ContainerCallFailure.NoResponse;
            }

            if (timeProvider.GetUtcNow() >= deadline)
            {
                return reschedule ? ContainerCallFailure.ConnectionFailed : ContainerCallFailure.NoResponse;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// Whether the kernel killed the task's container for exceeding its memory: the task's status does not say, its
    /// container does, when it ran on the node of the engine this factory talks to (elsewhere the answer is no).
    /// </summary>
    private async Task<bool> KilledForMemoryAsync(TaskResponse task, CancellationToken cancellationToken)
    {
        if (task.Status.ContainerStatus?.ContainerID is not { Length: > 0 } containerId)
        {
            return false;
        }

        try
        {
            var inspect = await client.Containers.InspectContainerAsync(containerId, cancellationToken);
            return inspect.State?.OOMKilled == true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The service's task (null: the service is gone), or Known = false when the manager could not be asked.</summary>
    private async Task<(bool Known, TaskResponse? Task)> ReadTaskAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (true, await tasks.CurrentAsync(Id, cancellationToken));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && exception is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            return (false, null);
        }
    }

    private async Task StopLogsAsync()
    {
        await stopping.CancelAsync();
        if (logPump is not null)
        {
            await logPump;
        }

        stopping.Dispose();
    }
}
