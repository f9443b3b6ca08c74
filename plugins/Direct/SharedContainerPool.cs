using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// The direct balancer's containers: per action, shared containers each holding up to the action's concurrency of
/// activations. An activation takes the fullest container that has room (so that load packs into few containers);
/// when all are full, a stem cell of the action's image and memory if one is ready, else a new container if memory
/// allows (after removing idle containers of other actions if needed); otherwise the activation waits in line until
/// room frees up. A container's memory counts until it is destroyed. Idle containers are paused after the pause grace
/// and removed after the idle timeout. Where the process also runs an invoker, memory is one budget shared with its pool.
/// </summary>
internal sealed partial class SharedContainerPool : IDisposable
{
    private readonly IContainerFactory factory;
    private readonly IContainerActivationRunner runner;
    private readonly DirectLoadBalancerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<ActionKey, List<SharedContainer>> byKey = [];
    private readonly WaitingLine line = new();
    private readonly ITimer sweeper;
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationToken stopToken;
    private readonly Lock reporting = new();
    private int usedMemoryMb;
    private int removingMb;
    private int created;
    private bool stopped;

    public SharedContainerPool(
        IContainerFactory factory,
        IContainerActivationRunner runner,
        DirectLoadBalancerOptions options,
        ISharedMemoryBudget? memoryBudget,
        TimeProvider time,
        ILogger logger)
    {
        this.factory = factory;
        this.runner = runner;
        this.options = options;
        this.time = time;
        this.logger = logger;
        stopToken = stopping.Token;
        sharedTotalMb = memoryBudget?.TotalMb;
        budgetShare = memoryBudget?.Join("direct balancer " + options.Owner, new BudgetHolder(this));
        var shortest = options.PauseGrace < options.IdleTimeout ? options.PauseGrace : options.IdleTimeout;
        var period = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(10).Ticks));
        sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    /// <summary>Gets the owner prefix of the containers.</summary>
    public string Owner => options.Owner!;

    /// <summary>Gets the number of action containers (starting, running, idle or paused), not counting those being removed.</summary>
    public int ContainerCount
    {
        get
        {
            lock (gate)
            {
                return byKey.Values.Sum(list => list.Count);
            }
        }
    }

    /// <summary>Gets the number of action containers that are ready and run nothing.</summary>
    public int IdleContainerCount
    {
        get
        {
            lock (gate)
            {
                return byKey.Values.Sum(list => list.Count(c => c.IsIdle));
            }
        }
    }

    /// <summary>Gets the memory the containers and stem cells hold until they are destroyed, in megabytes.</summary>
    public int UsedMemoryMb
    {
        get
        {
            lock (gate)
            {
                return usedMemoryMb;
            }
        }
    }

    /// <summary>Gets the largest container the pool could ever hold: its budget, and the shared memory's total.</summary>
    public int MaxContainerMemoryMb => Math.Min(options.MemoryBudgetMb, sharedTotalMb ?? int.MaxValue);

    /// <summary>
    /// Leases room for one activation, waiting at most <paramref name="maxWait"/> for memory (then a
    /// <see cref="TimeoutException"/>). <c>Creator</c> is true when the caller must start the container
    /// (<see cref="StartAsync"/>) and initialize it; otherwise it waits for <see cref="SharedContainer.Ready"/>.
    /// </summary>
    public async Task<(DirectLease Lease, bool Creator)> AcquireAsync(WhiskAction action, ActivationMessage message, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var key = ActionKey.For(action, message);
        var image = stemCellConfigs.Count > 0 && !action.Exec.IsBlackbox ? runner.ContainerRequestFor(action, Owner, "", null).Image : null;
        var started = time.GetTimestamp();
        WaitingPlace? place = null;
        try
        {
            while (true)
            {
                List<SharedContainer> evicted = [];
                SharedContainer? fresh = null;
                var wanted = 0;
                Task turn = Task.CompletedTask;
                lock (gate)
                {
                    if (stopped)
                    {
                        throw new LoadBalancerUnavailableException("The direct balancer is stopping.");
                    }

                    // Room in a container of its own action takes no memory: no need to queue for that.
                    if (TryLeaseWarm(key) is { } warm)
                    {
                        return (new DirectLease(warm), false);
                    }

                    // First in, first out: a newcomer queues for memory behind those waiting instead of taking their room.
                    if (!line.OthersFirst(place))
                    {
                        fresh = TryTakeNew(action, key, image, evicted, out wanted);
                    }

                    if (fresh is null)
                    {
                        place = line.Wait(place);
                        turn = place.Turn;
                    }
                }

                ReportHolding();
                foreach (var container in evicted)
                {
                    _ = DestroyAsync(container);
                }

                if (fresh is not null)
                {
                    FillStemCellsSoon();
                    return (new DirectLease(fresh), true);
                }

                if (wanted > 0)
                {
                    budgetShare?.AskOthersForRoom(wanted);
                }

                var remaining = maxWait - time.GetElapsedTime(started);
                await turn.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time, cancellationToken);
            }
        }
        finally
        {
            if (place is not null)
            {
                // Served or gone: the next one in line tries; with nobody left waiting, the request for room closes.
                bool empty;
                lock (gate)
                {
                    line.Leave(place);
                    empty = line.First() is null;
                }

                if (empty)
                {
                    budgetShare?.AskOthersForRoom(0);
                }

                WakeWaiters();
            }
        }
    }

    /// <summary>Under the lock: a lease in the fullest container of the action with room, resumed if it was paused.</summary>
    private SharedContainer? TryLeaseWarm(ActionKey key)
    {
        if (!byKey.TryGetValue(key, out var list)
            || list.Where(c => !c.Retired && c.InFlight < c.Capacity).MaxBy(c => c.InFlight) is not { } fullest)
        {
            return null;
        }

        fullest.InFlight++;
        fullest.LastUsed = time.GetUtcNow();
        ResumeIfPaused(fullest);
        return fullest;
    }

    /// <summary>
    /// Under the lock: a new container for the action, made of a ready stem cell or to be created if memory allows
    /// after evicting idle containers of other actions; else null, with <paramref name="wanted"/> the memory to ask
    /// the budget's other holders for when only they could make room.
    /// </summary>
    private SharedContainer? TryTakeNew(WhiskAction action, ActionKey key, string? image, List<SharedContainer> evicted, out int wanted)
    {
        wanted = 0;
        var memory = action.Limits.MemoryMb;
        var cell = image is null ? null : TakeStemCell(image, memory);
        if (cell is null)
        {
            var limit = LimitMb();
            var shortfall = usedMemoryMb - removingMb + memory - limit;
            if (shortfall > 0)
            {
                var chosen = EvictIdle(shortfall);
                evicted.AddRange(chosen);
                if (chosen.Count == 0 && usedMemoryMb - removingMb + memory <= options.MemoryBudgetMb)
                {
                    wanted = shortfall;
                }
            }

            if (usedMemoryMb + memory > limit || !(budgetShare?.TryHold(usedMemoryMb + memory) ?? true))
            {
                return null;
            }

            usedMemoryMb += memory;
        }

        var fresh = new SharedContainer(key, memory, action.Limits.Concurrency) { InFlight = 1, LastUsed = time.GetUtcNow(), Container = cell?.Container };
        if (!byKey.TryGetValue(key, out var list))
        {
            list = [];
            byKey[key] = list;
        }

        list.Add(fresh);
        return fresh;
    }

    /// <summary>
    /// Creates the container of a lease whose caller is its creator (nothing to create for a stem cell). On failure
    /// the container leaves the pool, the activations waiting for it are told, the lease is given back, and the
    /// response to end the creator's activation with is returned.
    /// </summary>
    public async Task<ActivationResponse?> StartAsync(DirectLease lease, WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        var container = lease.Container;
        if (container.Container is not null)
        {
            return null;
        }

        var name = ContainerNames.ForAction(Owner, NextNumber(), message.User.Namespace.Name, action.Name);
        try
        {
            var request = runner.ContainerRequestFor(action, Owner, name, message.TransactionId) with
            {
                CpuShares = CpuSharesFor(action.Limits.MemoryMb),
            };
            container.Container = await factory.CreateContainerAsync(request, cancellationToken);
            return null;
        }
        catch (Exception exception)
        {
            LogStartFailed(logger, name, exception);
            var response = exception is ContainerStartupException startup
                ? startup.IsDeveloperError ? ActivationResponse.DeveloperError(startup.Message) : ActivationResponse.WhiskError(startup.Message)
                : ActivationResponse.WhiskError(ActivationMessages.ResourceError);
            container.Ready.TrySetResult(Readiness.Failed(response));
            Release(lease, ContainerVerdict.Destroy);
            return response;
        }
    }

    /// <summary>
    /// Takes a container whose action failed out of the pool at once, before its activations are acknowledged, so
    /// that no activation submitted after hearing of the failure gets it; it is removed once empty (at once when it
    /// already is, as after a failure found while collecting logs).
    /// </summary>
    public void Condemn(SharedContainer container)
    {
        var destroy = false;
        lock (gate)
        {
            Retire(container);
            if (container.InFlight == 0 && !container.Removed && container.Container is not null)
            {
                MarkRemoved(container);
                destroy = true;
            }
        }

        if (destroy)
        {
            _ = DestroyAsync(container);
        }
    }

    /// <summary>
    /// Gives an activation's room back (once; later calls do nothing); a verdict other than keep retires the
    /// container, removed once empty. A container going idle while another holder of the shared memory waits for
    /// room is given up.
    /// </summary>
    public void Release(DirectLease lease, ContainerVerdict verdict)
    {
        if (!lease.TryRelease())
        {
            return;
        }

        var container = lease.Container;
        var destroy = false;
        lock (gate)
        {
            container.InFlight--;
            container.LastUsed = time.GetUtcNow();
            if (verdict == ContainerVerdict.Keep)
            {
                container.CompletedRuns++;
            }
            else
            {
                Retire(container);
            }

            if (container.Retired && container.InFlight == 0 && !container.Removed)
            {
                MarkRemoved(container);
                destroy = true;
            }
        }

        if (destroy)
        {
            _ = DestroyAsync(container);
        }

        WakeWaiters();
        if (container.InFlight == 0 && budgetShare?.WantedByOthersMb is > 0 and var wanted)
        {
            ReleaseIdle(wanted);
        }
    }

    public void Dispose()
    {
        // The token source stays undisposed: delayed stem-cell work may still look at its token.
        sweeper.Dispose();
        budgetShare?.Dispose();
    }

    private long NextNumber() => Interlocked.Increment(ref created);

    /// <summary>
    /// Wakes the first activation in line (it wakes the next one once it has its room or leaves). Under the lock, so
    /// that a wake-up cannot fall between a failed attempt and the next wait; continuations run asynchronously.
    /// </summary>
    private void WakeWaiters()
    {
        lock (gate)
        {
            line.First()?.TrySetResult();
        }
    }

    /// <summary>
    /// Tells the shared budget what the pool holds. Outside the pool's lock (the budget calls the other holders back),
    /// serialized so that the last report carries the latest holding.
    /// </summary>
    private void ReportHolding()
    {
        if (budgetShare is null)
        {
            return;
        }

        lock (reporting)
        {
            budgetShare.Hold(Volatile.Read(ref usedMemoryMb));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Direct container {Name} could not be started")]
    private static partial void LogStartFailed(ILogger logger, string name, Exception exception);
}
