using OpenWhisk.Execution;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// The pool's memory: what its containers hold (a container that left counts until its proxy has stopped), evicting
/// idle ones to make room, the memory-time account of the simulator, the snapshot and the waiting-for-room warning.
/// </summary>
internal sealed partial class ContainerPool
{
    /// <summary>
    /// A container left the pool (removed, failed, or rescheduling its job) but still exists until its proxy stops:
    /// its memory stays counted until then.
    /// </summary>
    private void Leave(ContainerProxy proxy)
    {
        var memory = 0;
        if (entries.Remove(proxy, out var entry))
        {
            memory = entry.MemoryMb;
        }
        else if (prewarmStarting.Remove(proxy, out var cell))
        {
            memory = cell.MemoryMb;
        }

        if (memory > 0 && live.Contains(proxy))
        {
            leaving[proxy] = memory;
        }
    }

    private void OnProxyStopped(ContainerProxy proxy)
    {
        live.Remove(proxy);
        var freed = leaving.Remove(proxy);
        if (shutdown is not null)
        {
            if (live.Count == 0)
            {
                shutdown.TrySetResult();
                Stop();
            }

            return;
        }

        if (freed)
        {
            PlaceBuffered();
        }
    }

    /// <summary>
    /// Removes the idle warm containers the policy chooses until <paramref name="memory"/> will fit once they and the
    /// containers already leaving are gone (never stem cells, never a container running a job); none is removed unless
    /// enough can be freed, and then, if a shared budget is what is short, its other holders are asked.
    /// </summary>
    private void EvictFor(int memory)
    {
        var shortfall = UsedMemoryMb() - leaving.Values.Sum() + memory - LimitMb();
        if (shortfall <= 0)
        {
            return;
        }

        // The policy may choose only idle warm containers: when they cannot free enough, it is not asked.
        var idleMb = 0;
        foreach (var entry in entries.Values)
        {
            idleMb += entry is { Kind: PoolEntryKind.Warmed, ActiveCount: 0 } ? entry.MemoryMb : 0;
        }

        var victims = idleMb >= shortfall ? Victims(shortfall) : [];
        if (victims.Sum(e => e.MemoryMb) < shortfall)
        {
            AskOthersForRoom(memory, shortfall);
            return;
        }

        Evict(victims, shortfall);
    }

    /// <summary>The pool's entries for the idle warm containers the policy would remove to free <paramref name="memoryMb"/>.</summary>
    private List<Entry> Victims(int memoryMb)
    {
        var victims = new List<Entry>();
        foreach (var choice in Decide(View(), memoryMb))
        {
            if (entries.ByNumber(choice.Id) is { Kind: PoolEntryKind.Warmed, ActiveCount: 0 } entry && !victims.Contains(entry))
            {
                victims.Add(entry);
            }
        }

        return victims;
    }

    /// <summary>Removes victims in order until <paramref name="memoryMb"/> is freed (a policy may offer more than needed).</summary>
    private void Evict(List<Entry> victims, int memoryMb)
    {
        var freed = 0;
        foreach (var victim in victims)
        {
            if (freed >= memoryMb)
            {
                break;
            }

            freed += victim.MemoryMb;
            Leave(victim.Proxy);
            victim.Proxy.Remove();
            Counters.Evicted();
        }
    }

    /// <summary>The pool as its scheduling policy sees it now.</summary>
    private EntriesView View() => new(entries, time.GetUtcNow(), capacityMb, UsedMemoryMb(), leaving.Values.Sum(), runBuffer.Count);

    private int UsedMemoryMb()
    {
        var used = entries.MemoryMb;
        foreach (var cell in prewarmStarting.Values)
        {
            used += cell.MemoryMb;
        }

        foreach (var memory in leaving.Values)
        {
            used += memory;
        }

        return used;
    }

    private void AccountMemory()
    {
        var now = time.GetTimestamp();
        memoryMbSeconds += accountedMemoryMb * time.GetElapsedTime(lastAccounting, now).TotalSeconds;
        lastAccounting = now;
    }

    private PoolSnapshot Snapshot() => new(
        entries.Values
            .OrderBy(e => e.Proxy.Number)
            .Select(e => new PoolEntrySnapshot(e.Proxy.Number, e.Kind, e.Proxy.State, e.Key, e.RuntimeKind, e.MemoryMb, e.ActiveCount, e.LastUsed, !e.HasCapacity))
            .ToList(),
        prewarmStarting.Count,
        runBuffer.Select(b => b.Job.Message.ActivationId).ToList(),
        UsedMemoryMb(),
        memoryMbSeconds,
        capacityMb);

    private void WarnBuffered(ActivationJob job)
    {
        var now = time.GetTimestamp();
        if (lastBufferWarning == 0 || time.GetElapsedTime(lastBufferWarning, now) >= TimeSpan.FromSeconds(10))
        {
            lastBufferWarning = now;
            LogBuffered(logger, job.Message.ActivationId, job.Action.Limits.MemoryMb, UsedMemoryMb(), capacityMb);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Activation {ActivationId} ({MemoryMb} MB) waits for room: {UsedMb} of {UserMemoryMb} MB in use")]
    private static partial void LogBuffered(ILogger logger, string activationId, int memoryMb, int usedMb, int userMemoryMb);
}
