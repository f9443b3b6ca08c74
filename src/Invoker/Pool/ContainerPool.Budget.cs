using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// The pool's part of a memory budget shared with other container owners of the process (the <c>direct</c> balancer
/// in the standalone platform): a container is created only when it fits both the pool's capacity and the budget; the
/// pool reports what it holds after every message, removes idle containers when another holder asks for room, and
/// places buffered jobs when another holder freed some.
/// </summary>
internal sealed partial class ContainerPool : IMemoryBudgetHolder
{
    /// <summary>Whether the pool has a request for room open with the other holders.</summary>
    private bool askedOthers;

    void IMemoryBudgetHolder.RoomFreed() => Post(new BudgetRoomFreed());

    void IMemoryBudgetHolder.ReleaseIdle(int memoryMb) => Post(new ReleaseIdleRequest(memoryMb));

    /// <summary>The most the pool may hold now: its capacity, and no more than the shared budget leaves it.</summary>
    private int LimitMb() => budgetShare is null ? capacityMb : Math.Min(capacityMb, budgetShare.LimitMb);

    /// <summary>Whether a container of <paramref name="memory"/> MB fits; when it does, the budget holds it already.</summary>
    private bool HasSpaceFor(int memory)
    {
        var needed = UsedMemoryMb() + memory;
        if (needed > capacityMb)
        {
            return false;
        }

        if (budgetShare is null)
        {
            return true;
        }

        if (!budgetShare.TryHold(needed))
        {
            return false;
        }

        reportedMb = needed;
        return true;
    }

    /// <summary>Tells the budget what the pool holds (containers count until they are destroyed).</summary>
    private void ReportHolding(int usedMb)
    {
        if (budgetShare is not null && usedMb != reportedMb)
        {
            reportedMb = usedMb;
            budgetShare.Hold(usedMb);
        }
    }

    /// <summary>
    /// When the budget, not the pool's own capacity, keeps <paramref name="shortfall"/> MB from fitting and the pool's
    /// idle containers cannot free it, asks the other holders to remove idle containers of theirs.
    /// </summary>
    private void AskOthersForRoom(int memory, int shortfall)
    {
        if (budgetShare is not null && UsedMemoryMb() - leaving.Values.Sum() + memory <= capacityMb)
        {
            askedOthers = true;
            budgetShare.AskOthersForRoom(shortfall);
        }
    }

    /// <summary>Nothing waits any more: closes the pool's request for room, if it has one open.</summary>
    private void WithdrawRequestForRoom()
    {
        if (askedOthers)
        {
            askedOthers = false;
            budgetShare?.AskOthersForRoom(0);
        }
    }

    /// <summary>A container went idle: while another holder waits for room, idle containers go.</summary>
    private void GiveUpIdleIfWanted()
    {
        if (budgetShare?.WantedByOthersMb is > 0 and var wanted)
        {
            OnReleaseIdle(wanted);
        }
    }

    /// <summary>Whether another holder waits for room: then the pool starts no stem cells.</summary>
    private bool OthersWaitForRoom() => budgetShare?.WantedByOthersMb > 0;

    /// <summary>Another holder needs room: removes the idle warm containers the policy chooses, worth up to the memory wanted.</summary>
    private void OnReleaseIdle(int memoryMb)
    {
        var needed = memoryMb - leaving.Values.Sum();
        if (needed > 0)
        {
            Evict(Victims(needed), needed);
        }
    }

    private sealed record BudgetRoomFreed : PoolMessage;

    private sealed record ReleaseIdleRequest(int MemoryMb) : PoolMessage;
}
