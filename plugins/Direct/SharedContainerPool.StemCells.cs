using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// Stem cells of the direct pool (<c>Direct:StemCells</c>): kept at their count while memory allows and nobody waits
/// for room, taken by the first activation of an action of the same image and memory, replaced shortly after; a
/// failing creation is retried with a doubling delay and logged once per failure streak.
/// </summary>
internal sealed partial class SharedContainerPool
{
    private static readonly TimeSpan BackfillDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMinutes(2);

    private readonly List<StemCell> stemCells = [];
    private readonly Dictionary<DirectStemCellOptions, StemCellFailures> failingStemCells = [];
    private readonly HashSet<string> unknownStemCellKinds = new(StringComparer.Ordinal);
    private readonly List<Task> stemCellStarts = [];

    private IList<DirectStemCellOptions> stemCellConfigs => options.StemCells;

    /// <summary>Gets the number of stem cells, started or starting.</summary>
    public int StemCellCount
    {
        get
        {
            lock (gate)
            {
                return stemCells.Count;
            }
        }
    }

    /// <summary>Starts the missing stem cells that fit, unless activations wait for room (they come first).</summary>
    public void FillStemCells()
    {
        List<(StemCell Cell, ContainerRequest Request)> starting = [];
        lock (gate)
        {
            // Activations waiting for room come first, here and with the other holders of the shared memory.
            if (stopped || line.First() is not null || budgetShare?.WantedByOthersMb > 0)
            {
                return;
            }

            foreach (var config in stemCellConfigs)
            {
                if (failingStemCells.TryGetValue(config, out var failing) && failing.Waiting)
                {
                    continue;
                }

                for (var have = stemCells.Count(c => c.Config == config); have < config.Count; have++)
                {
                    var request = runner.StemCellRequestFor(config.Kind, config.MemoryMb, Owner, ContainerNames.ForStemCell(Owner, NextNumber(), config.Kind));
                    if (request is null)
                    {
                        if (unknownStemCellKinds.Add(config.Kind))
                        {
                            LogUnknownStemCellKind(logger, config.Kind);
                        }

                        break;
                    }

                    if (usedMemoryMb + config.MemoryMb > LimitMb() || !(budgetShare?.TryHold(usedMemoryMb + config.MemoryMb) ?? true))
                    {
                        break;
                    }

                    usedMemoryMb += config.MemoryMb;
                    var cell = new StemCell(config, request.Image);
                    stemCells.Add(cell);
                    starting.Add((cell, request with { CpuShares = CpuSharesFor(config.MemoryMb) }));
                }
            }

            foreach (var (cell, request) in starting)
            {
                stemCellStarts.Add(Task.Run(() => StartStemCellAsync(cell, request)));
            }

            stemCellStarts.RemoveAll(t => t.IsCompleted);
        }

        ReportHolding();
    }

    /// <summary>Fills stem cells after a short delay, so that creating them does not slow the activation that took one.</summary>
    private void FillStemCellsSoon()
    {
        if (stemCellConfigs.Count > 0)
        {
            _ = Task.Delay(BackfillDelay, time, stopToken).ContinueWith(_ => FillStemCells(), TaskScheduler.Default);
        }
    }

    /// <summary>Under the lock: takes a started stem cell of the image and memory out of the stem cells.</summary>
    private StemCell? TakeStemCell(string image, int memoryMb)
    {
        var cell = stemCells.Find(c => c.Container is not null && c.MemoryMb == memoryMb && c.Image == image);
        if (cell is not null)
        {
            stemCells.Remove(cell);
        }

        return cell;
    }

    private Task[] StemCellsStarting()
    {
        lock (gate)
        {
            return [.. stemCellStarts];
        }
    }

    private async Task StartStemCellAsync(StemCell cell, ContainerRequest request)
    {
        IContainer container;
        try
        {
            container = await factory.CreateContainerAsync(request, stopToken);
        }
        catch (Exception exception)
        {
            StemCellFailed(cell, exception);
            return;
        }

        bool kept;
        lock (gate)
        {
            kept = !stopped && stemCells.Contains(cell);
            if (kept)
            {
                cell.Container = container;
                if (failingStemCells.Remove(cell.Config, out var failing))
                {
                    LogStemCellsRecovered(logger, cell.Config.Kind, cell.MemoryMb, failing.Rounds);
                }
            }
        }

        if (kept)
        {
            // Someone waiting in line may be able to take it.
            WakeWaiters();
        }
        else
        {
            cell.Container = container;
            await DestroyStemCellAsync(cell);
        }
    }

    /// <summary>
    /// A stem cell could not be created: its memory is free again, and unless its setting already waits for a retry,
    /// the setting waits for one after a delay that doubles with each failed round (one log line per streak).
    /// </summary>
    private void StemCellFailed(StemCell cell, Exception exception)
    {
        StemCellFailures? failures = null;
        lock (gate)
        {
            stemCells.Remove(cell);
            usedMemoryMb -= cell.MemoryMb;
            if (!stopped)
            {
                failures = failingStemCells.TryGetValue(cell.Config, out var known) ? known : new StemCellFailures();
                failingStemCells[cell.Config] = failures;
                if (failures.Waiting)
                {
                    failures = null;
                }
                else
                {
                    failures.Rounds++;
                    failures.Waiting = true;
                }
            }
        }

        ReportHolding();
        if (failures is null)
        {
            return;
        }

        var delay = TimeSpan.FromTicks((long)Math.Min(FirstRetryDelay.Ticks * Math.Pow(2, Math.Min(failures.Rounds - 1, 30)), LongestRetryDelay.Ticks));
        if (failures.Rounds == 1)
        {
            LogStemCellsFailing(logger, cell.Config.Kind, cell.MemoryMb, exception.Message, delay);
        }

        _ = Task.Delay(delay, time, stopToken).ContinueWith(_ => RetryStemCells(failures), TaskScheduler.Default);
    }

    /// <summary>The delay after a failed round is over: stem cells of the setting may be tried again.</summary>
    private void RetryStemCells(StemCellFailures failures)
    {
        lock (gate)
        {
            failures.Waiting = false;
        }

        FillStemCells();
    }

    private async Task DestroyStemCellAsync(StemCell cell)
    {
        await DestroyQuietlyAsync(cell.Container);
        lock (gate)
        {
            usedMemoryMb -= cell.MemoryMb;
        }

        ReportHolding();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct stem cells of {Kind} with {MemoryMb} MB cannot be created ({Reason}); retrying with backoff, first in {Delay}")]
    private static partial void LogStemCellsFailing(ILogger logger, string kind, int memoryMb, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct stem cells of {Kind} with {MemoryMb} MB start again after {Rounds} failed rounds")]
    private static partial void LogStemCellsRecovered(ILogger logger, string kind, int memoryMb, int rounds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct:StemCells names kind {Kind}, which the runtimes manifest does not know; no stem cells of it are kept")]
    private static partial void LogUnknownStemCellKind(ILogger logger, string kind);
}
