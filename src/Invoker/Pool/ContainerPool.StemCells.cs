using OpenWhisk.Common.Runtimes;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// The pool's stem cells (OpenWhisk's prewarmed containers): taking one for a job, bringing each configuration to its
/// desired count (initial, backfill, reactive), and retrying failed creations with a backoff.
/// </summary>
internal sealed partial class ContainerPool
{
    /// <summary>Gives <paramref name="job"/> the stem cell the policy chose and starts its replacement.</summary>
    private void TakeStemCell(Entry stemCell, ActivationJob job, IdlePlan plan)
    {
        Assign(stemCell, job, PoolEntryKind.Warming);
        stemCell.Proxy.Run(job, plan);
        if (options.PrewarmBackfillDelay <= TimeSpan.Zero)
        {
            AdjustPrewarms(StemCellTrigger.Backfill);
        }
        else
        {
            // Creating the replacement now would compete for the CPU with the activation that took the stem cell.
            _ = BackfillAfterAsync(options.PrewarmBackfillDelay);
        }
    }

    /// <summary>
    /// A stem cell failed to start: its memory is free, and stem cells of its kind and memory are tried again after
    /// the backoff (one warning per failure streak).
    /// </summary>
    private void OnPrewarmFailed(ContainerProxy proxy, string reason)
    {
        if (!prewarmStarting.Remove(proxy, out var cell))
        {
            return;
        }

        PlaceBuffered();
        var (delay, failures) = stemCellBackoff.Failed(cell, time.GetUtcNow());
        if (failures == 1)
        {
            LogStemCellsFailing(logger, cell.Kind, cell.MemoryMb, reason, delay);
        }

        if (shutdown is null)
        {
            _ = BackfillAfterAsync(delay);
        }
    }

    private async Task BackfillAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, time);
        Post(new BackfillDue());
    }

    private void OnPrewarmReady(ContainerProxy proxy)
    {
        if (!prewarmStarting.Remove(proxy, out var cell))
        {
            return;
        }

        if (stemCellBackoff.Succeeded(cell) is > 0 and var failures)
        {
            LogStemCellsRecovered(logger, cell.Kind, cell.MemoryMb, failures);
        }

        var ttl = prewarmConfigs.FirstOrDefault(c => c.Kind == cell.Kind && c.MemoryMb == cell.MemoryMb)?.Reactive?.Ttl;
        entries.Add(new Entry(proxy)
        {
            Kind = PoolEntryKind.Prewarmed,
            RuntimeKind = cell.Kind,
            MemoryMb = cell.MemoryMb,
            Expires = ttl is { } t ? time.GetUtcNow() + t : null,
            LastUsed = time.GetUtcNow(),
        });
        PlaceBuffered();
    }

    /// <summary>Brings each stem cell configuration to its desired count (OpenWhisk's adjustPrewarmedContainer).</summary>
    private void AdjustPrewarms(StemCellTrigger adjustment)
    {
        if (adjustment == StemCellTrigger.Scheduled)
        {
            var now = time.GetUtcNow();
            var expired = entries.StemCells
                .Where(e => e.Kind == PoolEntryKind.Prewarmed && e.Expires is { } expires && expires <= now)
                .OrderBy(e => e.Expires)
                .Take(options.PrewarmExpirationLimit)
                .ToList();
            foreach (var stemCell in expired)
            {
                Leave(stemCell.Proxy);
                stemCell.Proxy.Remove();
            }
        }

        var checkedAt = time.GetUtcNow();
        var view = View();
        foreach (var config in prewarmConfigs)
        {
            if (stemCellBackoff.IsWaiting((config.Kind, config.MemoryMb), checkedAt))
            {
                continue;
            }

            var current = entries.StemCells.Count(e => e.RuntimeKind == config.Kind && e.MemoryMb == config.MemoryMb)
                + prewarmStarting.Values.Count(c => c.Kind == config.Kind && c.MemoryMb == config.MemoryMb);
            var desired = Decide(view, Demand(config, current, adjustment));
            var count = current;
            while (count < desired && StartPrewarm(config))
            {
                count++;
            }
        }

        if (adjustment == StemCellTrigger.Scheduled)
        {
            coldStartsByStemCell.Clear();
        }
    }

    private StemCellDemand Demand(PrewarmConfig config, int current, StemCellTrigger trigger) => new(
        config.Kind,
        config.MemoryMb,
        config.InitialCount,
        config.Reactive is { } r ? new StemCellReactivity(r.MinCount, r.MaxCount, r.Threshold, r.Increment, r.Ttl) : null,
        current,
        coldStartsByStemCell.GetValueOrDefault((config.Kind, config.MemoryMb)),
        trigger);

    /// <summary>Starts one stem cell; false when there is no room for it (then none of that memory fits either).</summary>
    private bool StartPrewarm(PrewarmConfig config)
    {
        if (OthersWaitForRoom() || !HasSpaceFor(config.MemoryMb))
        {
            LogNoSpaceForPrewarm(logger, config.Kind, config.MemoryMb);
            return false;
        }

        var proxy = NewProxy();
        prewarmStarting.Add(proxy, (config.Kind, config.MemoryMb));
        proxy.StartPrewarm(new ContainerRequest
        {
            Name = ContainerNames.ForStemCell(owner, proxyCount + 1, config.Kind),
            Owner = owner,
            Kind = config.Kind,
            Image = config.Image,
            MemoryMb = config.MemoryMb,
            CpuShares = CpuShares(config.MemoryMb),
            Logging = deps.Runner.ContainerLogging,
            LogsCollected = deps.Runner.CollectsLogs,
        });

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stem cells of {Kind} with {MemoryMb} MB cannot be created ({Reason}); retrying with backoff, first in {Delay}")]
    private static partial void LogStemCellsFailing(ILogger logger, string kind, int memoryMb, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stem cells of {Kind} with {MemoryMb} MB start again after {Failures} failed attempts")]
    private static partial void LogStemCellsRecovered(ILogger logger, string kind, int memoryMb, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No space for a stem cell of {Kind} with {MemoryMb} MB")]
    private static partial void LogNoSpaceForPrewarm(ILogger logger, string kind, int memoryMb);

    private sealed record PrewarmConfig(string Kind, string Image, int MemoryMb, int InitialCount, ReactivePrewarmConfig? Reactive);
}
