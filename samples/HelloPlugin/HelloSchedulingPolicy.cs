using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace HelloPlugin;

/// <summary>
/// A scheduling policy plugin in a few lines: OpenWhisk's decisions from the toolkit, except that an idle container of an
/// action whose name starts with <see cref="HelloSchedulingOptions.LongLivedPrefix"/> is kept for
/// <see cref="HelloSchedulingOptions.LongLivedKeepAlive"/>.
/// </summary>
public sealed class HelloSchedulingPolicy(SchedulingPolicyContext context, HelloSchedulingOptions options) : ISchedulingPolicy
{
    private readonly OpenWhiskSchedulingPolicy openWhisk = new(context);

    /// <inheritdoc />
    public PoolContainer? SelectContainer(PoolView pool, PlacementRequest request) => openWhisk.SelectContainer(pool, request);

    /// <inheritdoc />
    public IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb) => openWhisk.SelectVictims(pool, memoryMb);

    /// <inheritdoc />
    public int DesiredStemCells(PoolView pool, StemCellDemand demand) => openWhisk.DesiredStemCells(pool, demand);

    /// <inheritdoc />
    public IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Action.FullyQualifiedName[(request.Action.FullyQualifiedName.LastIndexOf('/') + 1)..];
        return name.StartsWith(options.LongLivedPrefix, StringComparison.Ordinal)
            ? new IdlePlan(context.PauseGrace, options.LongLivedKeepAlive)
            : openWhisk.PlanIdle(pool, request, container);
    }
}
