namespace OpenWhisk.Spi.Containers;

/// <summary>
/// How much a container factory can hold for one owner right now, as its cluster reports it (see
/// <see cref="IContainerFactory.GetCapacityAsync"/>).
/// </summary>
public sealed record ContainerCapacity
{
    /// <summary>
    /// Gets the memory, in megabytes, that the owner's action containers may fill: what the cluster's schedulable
    /// nodes offer, less what other workloads reserved and what the factory keeps free. It includes the memory of
    /// the owner's own containers.
    /// </summary>
    public required int MemoryMb { get; init; }

    /// <summary>Gets how many nodes may run the owner's containers.</summary>
    public required int Nodes { get; init; }
}
