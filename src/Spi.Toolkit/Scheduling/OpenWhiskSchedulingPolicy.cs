using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Spi.Toolkit.Scheduling;

/// <summary>
/// OpenWhisk's own decisions (its ContainerPool's <c>schedule</c> and <c>remove</c>, fixed keep-alive and stem cells
/// sized by the runtimes manifest): a warm container of the action (warmed before warming), else a stem cell of its
/// kind and memory (the earliest to expire); least recently used idle containers make room; an idle container pauses
/// after the pause grace and goes after the idle timeout; stem cells are the manifest's count, or its reactive count.
/// The invoker's default policy (<c>openwhisk</c>); a policy plugin can delegate to it for the decisions it keeps.
/// </summary>
/// <param name="context">The pool's settings.</param>
public sealed class OpenWhiskSchedulingPolicy(SchedulingPolicyContext context) : ISchedulingPolicy
{
    /// <summary>The name that selects this policy (<c>Invoker:Pool:Policy</c>).</summary>
    public const string Name = "openwhisk";

    private readonly IdlePlan fixedPlan = new(context.PauseGrace, context.PauseGrace + context.IdleTimeout);

    /// <inheritdoc />
    public PoolContainer? SelectContainer(PoolView pool, PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(request);
        return SelectWarm(pool, request.Action) ?? SelectStemCell(pool, request);
    }

    /// <inheritdoc />
    public IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return LeastRecentlyUsedIdle(pool, memoryMb);
    }

    /// <inheritdoc />
    public IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container) => fixedPlan;

    /// <inheritdoc />
    public int DesiredStemCells(PoolView pool, StemCellDemand demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        if (demand.Reactive is not { } reactive || demand.Trigger == StemCellTrigger.Initial)
        {
            return demand.InitialCount;
        }

        if (demand.Trigger == StemCellTrigger.Backfill || demand.ColdStarts == 0)
        {
            return reactive.MinCount;
        }

        return Math.Clamp(demand.ColdStarts / reactive.Threshold * reactive.Increment, reactive.MinCount, reactive.MaxCount);
    }

    /// <summary>A container holding exactly this action with room: warmed first, then warming, then being created.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="action">The action.</param>
    /// <returns>The container, or <see langword="null"/>.</returns>
    public static PoolContainer? SelectWarm(PoolView pool, ActionKey action)
    {
        ArgumentNullException.ThrowIfNull(pool);
        PoolContainer? best = null;
        foreach (var container in pool.Holding(action))
        {
            if (container.HasCapacity && (best is null || Preference(container.Kind) < Preference(best.Kind)))
            {
                best = container;
            }
        }

        return best;
    }

    /// <summary>A stem cell of the request's runtime kind and memory, the earliest to expire first.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="request">The activation.</param>
    /// <returns>The stem cell, or <see langword="null"/>.</returns>
    public static PoolContainer? SelectStemCell(PoolView pool, PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(request);
        if (request.RuntimeKind is null)
        {
            return null;
        }

        PoolContainer? best = null;
        foreach (var container in pool.StemCells)
        {
            if (container.RuntimeKind == request.RuntimeKind && container.MemoryMb == request.MemoryMb
                && (best is null || (container.Expires ?? DateTimeOffset.MaxValue) < (best.Expires ?? DateTimeOffset.MaxValue)))
            {
                best = container;
            }
        }

        return best;
    }

    /// <summary>
    /// Idle warm containers, least recently used first, until <paramref name="memoryMb"/> is freed; all of them when
    /// they cannot free that much.
    /// </summary>
    /// <param name="pool">The pool.</param>
    /// <param name="memoryMb">The memory to free.</param>
    /// <returns>The containers to remove, in order.</returns>
    public static IReadOnlyList<PoolContainer> LeastRecentlyUsedIdle(PoolView pool, int memoryMb)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return LeastRecentlyUsed.Select(pool.Containers.Where(c => c.IsIdleWarm), c => c.LastUsed, c => c.MemoryMb, memoryMb);
    }

    private static int Preference(PoolEntryKind kind) => kind switch
    {
        PoolEntryKind.Warmed => 0,
        PoolEntryKind.Warming => 1,
        _ => 2,
    };
}
