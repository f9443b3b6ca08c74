using OpenWhisk.Spi.Scheduling;

namespace PluginProjectName;

/// <summary>
/// A scheduling policy: the container pool's decisions (which container takes an activation, which idle ones make
/// room, how long idle ones stay, how many stem cells to keep). PluginProjectName.Tests runs the conformance fixture
/// of the contract against it: it fails until the members below are written.
/// </summary>
/// <param name="context">The settings of the pool it serves.</param>
public sealed class PluginSchedulingPolicy(SchedulingPolicyContext context) : ISchedulingPolicy
{
    /// <summary>Gets the settings of the pool it serves.</summary>
    public SchedulingPolicyContext Context { get; } = context;

    /// <inheritdoc />
    public PoolContainer? SelectContainer(PoolView pool, PlacementRequest request) =>
        throw new NotImplementedException("not implemented yet: choose a container of the action with room, or a stem cell of its kind and memory, or null.");

    /// <inheritdoc />
    public IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb) =>
        throw new NotImplementedException("not implemented yet: choose idle warm containers that free the memory.");

    /// <inheritdoc />
    public IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container) =>
        throw new NotImplementedException("not implemented yet: say how long the container stays once idle.");

    /// <inheritdoc />
    public int DesiredStemCells(PoolView pool, StemCellDemand demand) =>
        throw new NotImplementedException("not implemented yet: say how many stem cells of the configuration to keep.");
}
