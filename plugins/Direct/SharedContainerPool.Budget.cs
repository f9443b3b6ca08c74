using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// The direct pool's memory limit: <c>Direct:MemoryBudgetMb</c>, and, where the process also runs an invoker, no more
/// than the memory budget shared with its pool leaves (see <see cref="ISharedMemoryBudget"/>).
/// </summary>
internal sealed partial class SharedContainerPool
{
    private readonly IMemoryBudgetShare? budgetShare;
    private readonly int? sharedTotalMb;

    /// <summary>The most the direct containers may hold now.</summary>
    private int LimitMb() => budgetShare is null ? options.MemoryBudgetMb : Math.Min(options.MemoryBudgetMb, budgetShare.LimitMb);

    /// <summary>1024 shares over the memory the containers share, as the invoker's pool does.</summary>
    private int CpuSharesFor(int memoryMb) =>
        ContainerRequest.CpuSharesFor(memoryMb, Math.Min(options.MemoryBudgetMb, sharedTotalMb ?? int.MaxValue));

    /// <summary>Room was freed: the first in line tries again, and when nobody waits the stem cells are filled.</summary>
    private void OnRoomFreed()
    {
        WakeWaiters();
        FillStemCells();
    }

    /// <summary>The pool's callbacks from the shared budget.</summary>
    private sealed class BudgetHolder(SharedContainerPool pool) : IMemoryBudgetHolder
    {
        public void RoomFreed() => pool.OnRoomFreed();

        public void ReleaseIdle(int memoryMb) => pool.ReleaseIdle(memoryMb);
    }
}
