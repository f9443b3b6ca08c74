using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Polly;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>Reads the tasks of action services and the addresses of the nodes they run on.</summary>
internal sealed class SwarmTasks(DockerClient client, SwarmOptions options, ResiliencePipeline retry, TimeProvider timeProvider)
{
    /// <summary>How long removal waits for a removed service's task to stop.</summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, string> nodeAddresses = new(StringComparer.Ordinal);

    /// <summary>Whether a task in <paramref name="state"/> has ended and will not run again.</summary>
    public static bool HasEnded(TaskState state) =>
        state is TaskState.Complete or TaskState.Shutdown or TaskState.Failed or TaskState.Rejected or TaskState.Remove or TaskState.Orphaned;

    /// <summary>The host port a running task published for the action proxy, if it has one yet.</summary>
    public static int? PublishedPort(TaskResponse task) =>
        task.Status?.PortStatus?.Ports?.FirstOrDefault(p => p.TargetPort == Spi.Containers.ActionProxyProtocol.Port && p.PublishedPort > 0) is { } port
            ? (int)port.PublishedPort
            : null;

    /// <summary>
    /// The newest task of the service, or null when it has none or the service is gone. Transient failures of the
    /// manager are retried; the rest throw.
    /// </summary>
    public async Task<TaskResponse?> CurrentAsync(string serviceId, CancellationToken cancellationToken)
    {
        try
        {
            var list = await retry.ExecuteAsync(async token => await ListAsync(serviceId, token), cancellationToken);
            return list.OrderByDescending(t => t.CreatedAt).FirstOrDefault();
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Removes a service and waits (up to <see cref="StopWait"/>) until its task has stopped, as removing a container
    /// with force returns once it is killed: the memory it reserved is free and nothing of it runs any more.
    /// </summary>
    /// <returns>False when the service was already gone.</returns>
    public async Task<bool> RemoveAsync(string serviceId, CancellationToken cancellationToken)
    {
        IList<TaskResponse> running;
        try
        {
            running = (await ListAsync(serviceId, cancellationToken)).Where(t => !HasEnded(t.Status?.State ?? TaskState.Complete)).ToList();
            await retry.ExecuteAsync(async token => await client.Swarm.RemoveServiceAsync(serviceId, token), cancellationToken);
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }

        var deadline = timeProvider.GetUtcNow() + StopWait;
        foreach (var task in running)
        {
            while (timeProvider.GetUtcNow() < deadline && await IsLiveAsync(task.ID, cancellationToken))
            {
                await Task.Delay(options.TaskPollInterval, timeProvider, cancellationToken);
            }
        }

        return true;
    }

    private Task<IList<TaskResponse>> ListAsync(string serviceId, CancellationToken cancellationToken) => client.Tasks.ListAsync(
        new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } },
        },
        cancellationToken);

    private async Task<bool> IsLiveAsync(string taskId, CancellationToken cancellationToken)
    {
        try
        {
            var task = await client.Tasks.InspectAsync(taskId, cancellationToken);
            return !HasEnded(task.Status?.State ?? TaskState.Complete);
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>The address the invoker reaches a node at: a configured override, else the address it advertises.</summary>
    public async Task<string> NodeAddressAsync(string nodeId, CancellationToken cancellationToken)
    {
        if (nodeAddresses.TryGetValue(nodeId, out var known))
        {
            return known;
        }

        var node = await client.Swarm.InspectNodeAsync(nodeId, cancellationToken);
        var address = options.NodeAddresses.TryGetValue(nodeId, out var byId) ? byId
            : node.Description?.Hostname is { } hostname && options.NodeAddresses.TryGetValue(hostname, out var byName) ? byName
            : node.Status?.Addr is { Length: > 0 } advertised ? advertised
            : throw new InvalidOperationException($"Swarm node {nodeId} reports no address; set Swarm:NodeAddresses:{nodeId}.");
        nodeAddresses[nodeId] = address;
        return address;
    }
}
