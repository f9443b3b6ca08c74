using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Execution;

/// <summary>
/// The host's <see cref="ISharedMemoryBudget"/>: a total and each holder's holding under one lock. Callbacks to
/// holders run after the lock is released, on the caller's thread.
/// </summary>
public sealed class SharedMemoryBudget : ISharedMemoryBudget
{
    private readonly Lock gate = new();
    private readonly List<MemoryBudgetShare> shares = [];
    private int totalMb;

    /// <summary>Initializes a budget of <paramref name="totalMb"/> megabytes.</summary>
    /// <param name="totalMb">The memory all holders together may hold.</param>
    public SharedMemoryBudget(int totalMb)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalMb);
        this.totalMb = totalMb;
    }

    public int TotalMb
    {
        get
        {
            lock (gate)
            {
                return totalMb;
            }
        }
    }

    public int HeldMb
    {
        get
        {
            lock (gate)
            {
                return shares.Sum(s => s.Held);
            }
        }
    }

    /// <summary>Changes the total (a cluster's capacity changed); growing it tells every holder that room was freed.</summary>
    /// <param name="memoryMb">The new total, in megabytes.</param>
    public void SetTotal(int memoryMb)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(memoryMb);
        List<MemoryBudgetShare> others;
        lock (gate)
        {
            var grew = memoryMb > totalMb;
            totalMb = memoryMb;
            others = grew ? [.. shares] : [];
        }

        foreach (var share in others)
        {
            share.Holder.RoomFreed();
        }
    }

    public IMemoryBudgetShare Join(string name, IMemoryBudgetHolder holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var share = new MemoryBudgetShare(this, name, holder);
        lock (gate)
        {
            shares.Add(share);
        }

        return share;
    }

    /// <summary>Gets what <paramref name="share"/> holds.</summary>
    internal int HeldOf(MemoryBudgetShare share)
    {
        lock (gate)
        {
            return share.Held;
        }
    }

    /// <summary>Gets the total less what the holders other than <paramref name="share"/> hold.</summary>
    internal int LimitOf(MemoryBudgetShare share)
    {
        lock (gate)
        {
            return totalMb - OthersHeld(share);
        }
    }

    /// <summary>Sets a holding; unless <paramref name="force"/>, only when it shrinks or fits. Tells the others when it shrank.</summary>
    internal bool Set(MemoryBudgetShare share, int memoryMb, bool force)
    {
        List<MemoryBudgetShare> others;
        lock (gate)
        {
            var old = share.Held;
            if (!force && memoryMb > old && OthersHeld(share) + memoryMb > totalMb)
            {
                return false;
            }

            share.Held = memoryMb;
            if (memoryMb > old)
            {
                share.Wanted = 0;
            }

            others = memoryMb < old ? shares.Where(s => s != share).ToList() : [];
        }

        foreach (var other in others)
        {
            other.Holder.RoomFreed();
        }

        return true;
    }

    /// <summary>Records what <paramref name="share"/> wants and asks every other holder to remove idle containers.</summary>
    internal void AskOthers(MemoryBudgetShare share, int memoryMb)
    {
        List<MemoryBudgetShare> others;
        lock (gate)
        {
            share.Wanted = memoryMb;
            others = memoryMb > 0 ? shares.Where(s => s != share).ToList() : [];
        }

        foreach (var other in others)
        {
            other.Holder.ReleaseIdle(memoryMb);
        }
    }

    /// <summary>Takes the share out of the budget; what it held is free again.</summary>
    internal void Leave(MemoryBudgetShare share)
    {
        List<MemoryBudgetShare> others;
        lock (gate)
        {
            if (!shares.Remove(share))
            {
                return;
            }

            others = share.Held > 0 ? [.. shares] : [];
            share.Held = 0;
        }

        foreach (var other in others)
        {
            other.Holder.RoomFreed();
        }
    }

    /// <summary>Gets the most another holder than <paramref name="share"/> wants.</summary>
    internal int WantedByOthers(MemoryBudgetShare share)
    {
        lock (gate)
        {
            var wanted = 0;
            foreach (var other in shares)
            {
                if (other != share)
                {
                    wanted = Math.Max(wanted, other.Wanted);
                }
            }

            return wanted;
        }
    }

    private int OthersHeld(MemoryBudgetShare share)
    {
        var held = 0;
        foreach (var other in shares)
        {
            if (other != share)
            {
                held += other.Held;
            }
        }

        return held;
    }
}
