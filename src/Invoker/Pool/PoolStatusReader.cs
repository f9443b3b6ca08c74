using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>Turns the pool's <see cref="PoolSnapshot"/> into the <see cref="InvokerPoolStatus"/> its health pings carry.</summary>
public static class PoolStatusReader
{
    /// <summary>Counts the snapshot's containers by action, kind and state.</summary>
    /// <param name="at">When the snapshot was taken, in milliseconds since the Unix epoch.</param>
    /// <param name="snapshot">The pool at one moment.</param>
    /// <param name="inFlight">Activations handed to the pool and not finished.</param>
    /// <param name="activations">The invoker's activation totals.</param>
    /// <returns>The status, with at most <see cref="InvokerPoolStatus.MaxContainerGroups"/> groups (the largest ones; the others' containers counted).</returns>
    public static InvokerPoolStatus Read(long at, PoolSnapshot snapshot, int inFlight, ActivationTotals activations)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var groups = snapshot.Entries
            .GroupBy(e => (Action: e.Action?.FullyQualifiedName, e.RuntimeKind, State: StateOf(e), e.MemoryMb))
            .Select(g => new ContainerGroupStatus(g.Key.Action, g.Key.RuntimeKind, g.Key.State, g.Count(), g.Key.MemoryMb));
        if (snapshot.PrewarmStarting > 0)
        {
            groups = groups.Append(new ContainerGroupStatus(null, null, ContainerGroupStates.Starting, snapshot.PrewarmStarting, 0));
        }

        var largest = groups.OrderByDescending(g => g.Count).ToList();
        var kept = largest
            .Take(InvokerPoolStatus.MaxContainerGroups)
            .OrderBy(g => g.Action ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(g => g.State, StringComparer.Ordinal)
            .ToList();
        var omitted = largest.Skip(InvokerPoolStatus.MaxContainerGroups).Sum(g => g.Count);
        return new InvokerPoolStatus(at, snapshot.UsedMemoryMb, snapshot.CapacityMb, snapshot.Buffered.Count, inFlight, kept, omitted, activations);
    }

    /// <summary>The state a console shows for one container.</summary>
    /// <param name="entry">The container.</param>
    /// <returns>One of <see cref="ContainerGroupStates"/>.</returns>
    public static string StateOf(PoolEntrySnapshot entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ActiveCount > 0)
        {
            return ContainerGroupStates.Busy;
        }

        if (entry.Kind == PoolEntryKind.Prewarmed)
        {
            return ContainerGroupStates.Prewarm;
        }

        if (entry.State is ContainerProxyState.Starting)
        {
            return ContainerGroupStates.Starting;
        }

        return entry.State is ContainerProxyState.Paused or ContainerProxyState.Pausing ? ContainerGroupStates.Paused : ContainerGroupStates.Warm;
    }
}
