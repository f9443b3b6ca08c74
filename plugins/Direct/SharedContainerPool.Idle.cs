using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// Idle containers of the direct pool: paused after the pause grace and resumed by the next activation, removed
/// after the idle timeout or to make room (least recently used first), and destroyed, their memory counted until
/// then; stopping removes everything.
/// </summary>
internal sealed partial class SharedContainerPool
{
    private readonly List<Task> destroying = [];

    /// <summary>
    /// Stops taking activations and removes every container and stem cell; one still being created is removed by
    /// its creator once created. Waits for every removal under way.
    /// </summary>
    public async Task StopAsync()
    {
        List<SharedContainer> all;
        List<StemCell> cells;
        lock (gate)
        {
            stopped = true;
            all = byKey.Values.SelectMany(list => list).ToList();
            foreach (var container in all)
            {
                Retire(container);
                if (container.Container is not null)
                {
                    MarkRemoved(container);
                }
            }

            all.RemoveAll(c => !c.Removed);

            // Stem cells still starting are destroyed by their start once it sees the pool stopped.
            cells = stemCells.Where(c => c.Container is not null).ToList();
            stemCells.RemoveAll(c => c.Container is not null);
        }

        await stopping.CancelAsync();
        WakeWaiters();
        var destroys = all.Select(DestroyAsync).Concat(cells.Select(DestroyStemCellAsync)).ToList();
        await Task.WhenAll(destroys.Concat(StemCellsStarting()).Concat(DestroysUnderWay()));
    }

    /// <summary>Picks least recently used idle containers freeing at least <paramref name="needed"/> MB, or none if they cannot. Under the lock.</summary>
    private List<SharedContainer> EvictIdle(int needed)
    {
        var oldest = LeastRecentlyUsed.Select(byKey.Values.SelectMany(list => list).Where(c => c.IsIdle), c => c.LastUsed, c => c.MemoryMb, needed);
        return oldest.Sum(c => c.MemoryMb) < needed ? [] : Remove(oldest);
    }

    /// <summary>Removes least recently used idle containers worth up to <paramref name="memoryMb"/> MB, less what is being removed already.</summary>
    private void ReleaseIdle(int memoryMb)
    {
        List<SharedContainer> chosen;
        lock (gate)
        {
            chosen = Remove(LeastRecentlyUsed.Select(
                byKey.Values.SelectMany(list => list).Where(c => c.IsIdle), c => c.LastUsed, c => c.MemoryMb, memoryMb - removingMb));
        }

        foreach (var container in chosen)
        {
            _ = DestroyAsync(container);
        }
    }

    private List<SharedContainer> Remove(List<SharedContainer> chosen)
    {
        foreach (var container in chosen)
        {
            Retire(container);
            MarkRemoved(container);
        }

        return chosen;
    }

    /// <summary>Every tick: removes containers idle for the idle timeout, pauses those idle for the pause grace.</summary>
    private void Sweep()
    {
        List<SharedContainer> expired;
        lock (gate)
        {
            var now = time.GetUtcNow();
            var idle = byKey.Values.SelectMany(list => list).Where(c => c.IsIdle).ToList();
            expired = idle.Where(c => now - c.LastUsed >= options.IdleTimeout).ToList();
            foreach (var container in expired)
            {
                Retire(container);
                MarkRemoved(container);
            }

            foreach (var container in idle.Where(c => !c.Retired && c.Suspension is null && now - c.LastUsed >= options.PauseGrace))
            {
                Pause(container);
            }
        }

        foreach (var container in expired)
        {
            _ = DestroyAsync(container);
        }
    }

    /// <summary>Starts pausing an idle container. Under the lock.</summary>
    private void Pause(SharedContainer container)
    {
        if (container.Resumption is { IsCompleted: false } || container.Container is not { } running)
        {
            return;
        }

        container.Resumption = null;
        container.Suspension = Task.Run(async () =>
        {
            try
            {
                await running.SuspendAsync(stopToken);
                return true;
            }
            catch (Exception exception)
            {
                LogPauseFailed(logger, running.Id, exception);
                Condemn(container);
                return false;
            }
        });
    }

    /// <summary>An activation took a paused (or pausing) container: resumes it once its pausing is over. Under the lock.</summary>
    private void ResumeIfPaused(SharedContainer container)
    {
        if (container.Suspension is not { } suspension || container.Container is not { } running)
        {
            return;
        }

        container.Suspension = null;
        container.Resumption = Task.Run(async () =>
        {
            if (!await suspension)
            {
                return false;
            }

            try
            {
                await running.ResumeAsync(stopToken);
                return true;
            }
            catch (Exception exception)
            {
                LogResumeFailed(logger, running.Id, exception);
                return false;
            }
        });
    }

    /// <summary>Takes the container out of the pool: no new activation gets it. Call under the lock.</summary>
    private void Retire(SharedContainer container)
    {
        if (container.Retired)
        {
            return;
        }

        container.Retired = true;
        if (byKey.TryGetValue(container.Key, out var list))
        {
            list.Remove(container);
            if (list.Count == 0)
            {
                byKey.Remove(container.Key);
            }
        }
    }

    /// <summary>Marks the container's removal as begun; its memory counts until it is destroyed. Call under the lock.</summary>
    private void MarkRemoved(SharedContainer container)
    {
        container.Removed = true;
        removingMb += container.MemoryMb;
    }

    /// <summary>Destroys a removed container, then frees its memory and lets those waiting for room try again.</summary>
    private Task DestroyAsync(SharedContainer container)
    {
        var destroy = DestroyAndFreeAsync(container);
        lock (gate)
        {
            destroying.Add(destroy);
            destroying.RemoveAll(t => t.IsCompleted);
        }

        return destroy;
    }

    private async Task DestroyAndFreeAsync(SharedContainer container)
    {
        await DestroyQuietlyAsync(container.Container);
        lock (gate)
        {
            removingMb -= container.MemoryMb;
            usedMemoryMb -= container.MemoryMb;
        }

        ReportHolding();
        OnRoomFreed();
    }

    /// <summary>Destroys a container (if it was created), logging a failure: it has left the pool either way.</summary>
    private async Task DestroyQuietlyAsync(IContainer? container)
    {
        if (container is null)
        {
            return;
        }

        try
        {
            await container.DestroyAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogDestroyFailed(logger, container.Id, exception);
        }
    }

    private Task[] DestroysUnderWay()
    {
        lock (gate)
        {
            return [.. destroying];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct container {Id} could not be removed")]
    private static partial void LogDestroyFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct container {Id} could not be paused; it is removed")]
    private static partial void LogPauseFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct container {Id} could not be resumed; its activations move to another")]
    private static partial void LogResumeFailed(ILogger logger, string id, Exception exception);
}
