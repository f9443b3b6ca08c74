namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// A picture of a container pool for one decision of its scheduling policy. It does not change while the decision
/// runs; it is valid only during the call it is passed to (a pool may build parts of it on demand).
/// </summary>
public class PoolView
{
    private readonly IReadOnlyList<PoolContainer>? containers;

    /// <summary>Creates a view of the given containers (for tests and simple pools: lookups scan the list).</summary>
    /// <param name="now">The pool's clock at the time of the decision.</param>
    /// <param name="containers">Every container that holds memory in the pool.</param>
    /// <param name="capacityMb">The memory the pool's containers may fill, in MB.</param>
    /// <param name="usedMemoryMb">The memory its containers hold, including those being created and those leaving.</param>
    /// <param name="leavingMemoryMb">The memory of containers already being removed (free once they are gone).</param>
    /// <param name="bufferedJobs">Activations waiting in the pool's run buffer for room.</param>
    public PoolView(DateTimeOffset now, IReadOnlyList<PoolContainer> containers, int capacityMb, int usedMemoryMb, int leavingMemoryMb, int bufferedJobs)
        : this(now, capacityMb, usedMemoryMb, leavingMemoryMb, bufferedJobs)
    {
        this.containers = containers ?? throw new ArgumentNullException(nameof(containers));
    }

    /// <summary>Creates a view whose containers a derived class provides (a pool with its own indexes).</summary>
    /// <param name="now">The pool's clock at the time of the decision.</param>
    /// <param name="capacityMb">The memory the pool's containers may fill, in MB.</param>
    /// <param name="usedMemoryMb">The memory its containers hold, including those being created and those leaving.</param>
    /// <param name="leavingMemoryMb">The memory of containers already being removed.</param>
    /// <param name="bufferedJobs">Activations waiting in the pool's run buffer for room.</param>
    protected PoolView(DateTimeOffset now, int capacityMb, int usedMemoryMb, int leavingMemoryMb, int bufferedJobs)
    {
        Now = now;
        CapacityMb = capacityMb;
        UsedMemoryMb = usedMemoryMb;
        LeavingMemoryMb = leavingMemoryMb;
        BufferedJobs = bufferedJobs;
    }

    /// <summary>Gets the pool's clock at the time of the decision.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Gets every container that holds memory in the pool, in the pool's own order.</summary>
    public virtual IReadOnlyList<PoolContainer> Containers => containers ?? [];

    /// <summary>Gets the stem cells ready to take an activation (<see cref="PoolEntryKind.Prewarmed"/>).</summary>
    public virtual IReadOnlyList<PoolContainer> StemCells => Containers.Where(c => c.Kind == PoolEntryKind.Prewarmed).ToList();

    /// <summary>Gets the memory the pool's containers may fill, in MB.</summary>
    public int CapacityMb { get; }

    /// <summary>Gets the memory its containers hold, including those being created and those leaving, in MB.</summary>
    public int UsedMemoryMb { get; }

    /// <summary>Gets the memory of containers already being removed (free once they are gone), in MB.</summary>
    public int LeavingMemoryMb { get; }

    /// <summary>Gets the activations waiting in the pool's run buffer for room.</summary>
    public int BufferedJobs { get; }

    /// <summary>Gets the memory not held by any container, in MB (negative when capacity shrank below what is held).</summary>
    public int FreeMemoryMb => CapacityMb - UsedMemoryMb;

    /// <summary>Returns the containers that hold <paramref name="action"/> (warm, paused, initializing or being created), in the pool's order.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The containers; empty when none does.</returns>
    public virtual IReadOnlyList<PoolContainer> Holding(ActionKey action) => Containers.Where(c => c.Action == action).ToList();
}
