using Docker.DotNet;
using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>
/// The memory one owner may fill in the cluster: the memory of every ready, active node its constraints admit, less
/// <see cref="SwarmOptions.ReservedMemoryPerNodeMb"/> per node and the memory other services' live tasks reserve on
/// those nodes (the owner's own tasks count as its own), capped by <see cref="SwarmOptions.MaxUserMemoryMb"/>.
/// </summary>
internal static class SwarmCapacity
{
    public static async Task<ContainerCapacity> ReadAsync(DockerClient client, SwarmOptions options, string owner, CancellationToken cancellationToken)
    {
        var nodes = (await client.Swarm.ListNodesAsync(cancellationToken))
            .Where(n => string.Equals(n.Status?.State, "ready", StringComparison.OrdinalIgnoreCase)
                && string.Equals(n.Spec?.Availability, "active", StringComparison.OrdinalIgnoreCase)
                && PlacementConstraints.Admit(n, options.Constraints))
            .ToList();
        var nodeIds = nodes.Select(n => n.ID).ToHashSet(StringComparer.Ordinal);
        var tasks = await client.Tasks.ListAsync(
            new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["desired-state"] = new Dictionary<string, bool> { ["running"] = true } },
            },
            cancellationToken);
        var reservedByOthers = tasks
            .Where(t => t.NodeID is { } node && nodeIds.Contains(node) && !SwarmTasks.HasEnded(t.Status?.State ?? TaskState.Pending))
            .Where(t => t.Spec?.ContainerSpec?.Labels?.TryGetValue(ContainerLabels.Owner, out var taskOwner) != true || taskOwner != owner)
            .Sum(t => t.Spec?.Resources?.Reservations?.MemoryBytes ?? 0);
        var total = nodes.Sum(n => n.Description?.Resources?.MemoryBytes ?? 0);
        var memoryMb = (total - reservedByOthers) / (1024 * 1024) - (long)options.ReservedMemoryPerNodeMb * nodes.Count;
        if (options.MaxUserMemoryMb is { } cap)
        {
            memoryMb = Math.Min(memoryMb, cap);
        }

        return new ContainerCapacity { MemoryMb = (int)Math.Clamp(memoryMb, 0, int.MaxValue), Nodes = nodes.Count };
    }
}
