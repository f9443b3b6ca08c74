using OpenWhisk.Invoker.Pool;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.TestSupport;

/// <summary>OpenWhisk's decisions, except where a test scripts the plan or the choice.</summary>
public sealed class ScriptedPolicy(ContainerPoolOptions options) : ISchedulingPolicy
{
    private readonly OpenWhiskSchedulingPolicy inner = new(new SchedulingPolicyContext("wsk0", options.PauseGrace, options.IdleTimeout));

    /// <summary>Gets or sets the plan every placement gets (OpenWhisk's when null).</summary>
    public IdlePlan? Plan { get; set; }

    /// <summary>Gets or sets a choice that replaces the policy's (when it returns non-null).</summary>
    public Func<PoolView, PlacementRequest, PoolContainer?>? Choice { get; set; }

    /// <summary>Gets or sets whether <see cref="PlanIdle"/> throws.</summary>
    public bool PlanThrows { get; set; }

    /// <summary>Gets or sets victims that replace the policy's (when set).</summary>
    public Func<PoolView, int, IReadOnlyList<PoolContainer>>? Victims { get; set; }

    /// <summary>Gets or sets a stem-cell count that replaces the policy's (when set).</summary>
    public int? StemCells { get; set; }

    public PoolContainer? SelectContainer(PoolView pool, PlacementRequest request) =>
        Choice?.Invoke(pool, request) ?? inner.SelectContainer(pool, request);

    public IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb) => Victims?.Invoke(pool, memoryMb) ?? inner.SelectVictims(pool, memoryMb);

    public IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container) =>
        PlanThrows ? throw new InvalidOperationException("a plugin's bug") : Plan ?? inner.PlanIdle(pool, request, container);

    public int DesiredStemCells(PoolView pool, StemCellDemand demand) => StemCells ?? inner.DesiredStemCells(pool, demand);
}
