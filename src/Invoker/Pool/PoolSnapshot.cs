using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>The pool's state at one moment.</summary>
/// <param name="Entries">Every container that holds memory.</param>
/// <param name="PrewarmStarting">Stem cells being created.</param>
/// <param name="Buffered">Jobs waiting for room, in order (activation ids).</param>
/// <param name="UsedMemoryMb">Memory held by containers and stem cells being created.</param>
/// <param name="MemoryMbSeconds">Memory held over time, integrated since the pool started.</param>
/// <param name="CapacityMb">The memory containers may fill: the configured user memory or the factory's capacity.</param>
public sealed record PoolSnapshot(
    IReadOnlyList<PoolEntrySnapshot> Entries,
    int PrewarmStarting,
    IReadOnlyList<string> Buffered,
    int UsedMemoryMb,
    double MemoryMbSeconds,
    int CapacityMb)
{
    /// <summary>Gets the stem cells ready to use.</summary>
    public int Prewarmed => Entries.Count(e => e.Kind == PoolEntryKind.Prewarmed);

    /// <summary>Gets the containers at their concurrency limit.</summary>
    public int Busy => Entries.Count(e => e.Busy);

    /// <summary>Gets the containers that can take a job (including stem cells).</summary>
    public int Free => Entries.Count(e => !e.Busy && e.Kind != PoolEntryKind.Prewarmed);
}
