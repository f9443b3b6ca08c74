using OpenWhisk.Invoker.Pool;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Tests.Support;

/// <summary>OpenWhisk's decisions, except where a test scripts the plan or the choice.</summary>
internal sealed class ScriptedPolicy(ContainerPoolOptions options) : ISchedulingPolicy
{
    private readonly OpenWhiskSchedulingPolicy inner = new(new SchedulingPolicyContext("wsk0", options.PauseGrace, options.IdleTimeout));

    /// <summary>Gets or sets the plan every placement gets (OpenWhisk's when null).</summary>
    public IdlePlan? Plan { get; set; }

    /// <summary>Gets or sets a choice that replaces the policy's (when it returns non-null).</summary>
    public Func<PoolView, PlacementRequest, PoolContainer?>? Choice { get; set; }

    public PoolContainer? SelectContainer(PoolView pool, PlacementRequest request) =>
        Choice?.Invoke(pool, request) ?? inner.SelectContainer(pool, request);

    public IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb) => inner.SelectVictims(pool, memoryMb);

    public IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container) => Plan ?? inner.PlanIdle(pool, request, container);

    public int DesiredStemCells(PoolView pool, StemCellDemand demand) => inner.DesiredStemCells(pool, demand);
}
