using System.Globalization;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// The direct balancer's containers: per action, shared containers each holding up to the action's concurrency of
/// activations. An activation takes the fullest container that has room (so that load packs into few containers);
/// when all are full, a new one starts if the memory budget allows, after removing idle containers of other actions
/// if needed; otherwise the activation waits until room frees up. Idle containers go after the idle timeout.
/// </summary>
internal sealed partial class SharedContainerPool : IDisposable
{
    private const string ResourceError = "Failed to provision resources to run the action.";

    private readonly IContainerFactory factory;
    private readonly IContainerActivationRunner runner;
    private readonly DirectLoadBalancerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<SharedContainer>> byKey = new(StringComparer.Ordinal);
    private readonly WaitingLine line = new();
    private readonly ITimer sweeper;
    private int usedMemoryMb;
    private int created;
    private bool stopped;

    public SharedContainerPool(IContainerFactory factory, IContainerActivationRunner runner, DirectLoadBalancerOptions options, TimeProvider time, ILogger logger)
    {
        this.factory = factory;
        this.runner = runner;
        this.options = options;
        this.time = time;
        this.logger = logger;
        var period = TimeSpan.FromTicks(Math.Clamp(options.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(10).Ticks));
        sweeper = time.CreateTimer(_ => RemoveIdle(), null, period, period);
    }

    /// <summary>Gets the owner prefix of the containers.</summary>
    public string Owner => options.Owner!;

    /// <summary>Gets the number of containers (starting, running or idle), not counting those being removed.</summary>
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

    /// <summary>Gets the memory the containers hold, in megabytes.</summary>
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

    /// <summary>
    /// Leases room for one activation. <c>Creator</c> is true when the caller must start the container
    /// (<see cref="StartAsync"/>) and initialize it; otherwise it waits for <see cref="SharedContainer.Ready"/>.
    /// </summary>
    public async Task<(SharedContainer Container, bool Creator)> AcquireAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        var key = KeyOf(action, message);
        WaitingPlace? place = null;
        try
        {
            while (true)
            {
                List<SharedContainer> evicted = [];
                SharedContainer? fresh = null;
                Task turn = Task.CompletedTask;
                lock (gate)
                {
                    if (stopped)
                    {
                        throw new LoadBalancerUnavailableException("The direct balancer is stopping.");
                    }

                    // First in, first out: a newcomer queues behind those waiting instead of taking their room.
                    if (!line.OthersFirst(place) && TryTake(action, key, out fresh, evicted) is { } lease)
                    {
                        return lease;
                    }

                    if (fresh is null)
                    {
                        place = line.Wait(place);
                        turn = place.Turn;
                    }
                }

                foreach (var container in evicted)
                {
                    _ = DestroyAsync(container);
                }

                if (fresh is not null)
                {
                    return (fresh, true);
                }

                await turn.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            if (place is not null)
            {
                // Served or gone: the next one in line tries.
                lock (gate)
                {
                    line.Leave(place);
                }

                WakeWaiters();
            }
        }
    }

    /// <summary>
    /// Under the lock: a lease in a container of the action with room (returned), else room for a new container
    /// (<paramref name="fresh"/>, after evicting idle containers of other actions if needed), else nothing.
    /// </summary>
    private (SharedContainer Container, bool Creator)? TryTake(WhiskAction action, string key, out SharedContainer? fresh, List<SharedContainer> evicted)
    {
        fresh = null;
        var now = time.GetUtcNow();
        if (byKey.TryGetValue(key, out var list)
            && list.Where(c => !c.Retired && c.InFlight < c.Capacity).MaxBy(c => c.InFlight) is { } fullest)
        {
            fullest.InFlight++;
            fullest.LastUsed = now;
            return (fullest, false);
        }

        var memory = action.Limits.MemoryMb;
        if (usedMemoryMb + memory > options.MemoryBudgetMb)
        {
            evicted.AddRange(EvictIdle(usedMemoryMb + memory - options.MemoryBudgetMb));
        }

        if (usedMemoryMb + memory > options.MemoryBudgetMb)
        {
            return null;
        }

        fresh = new SharedContainer(key, memory, action.Limits.Concurrency) { InFlight = 1, LastUsed = now };
        usedMemoryMb += memory;
        if (list is null)
        {
            list = [];
            byKey[key] = list;
        }

        list.Add(fresh);
        return null;
    }

    /// <summary>
    /// Creates the container of a lease whose caller is its creator. On failure the container leaves the pool, the
    /// activations waiting for it are told, and the response to end the creator's activation with is returned.
    /// </summary>
    public async Task<ActivationResponse?> StartAsync(SharedContainer container, WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{Owner}_{Interlocked.Increment(ref created)}_{Sanitize(message.User.Namespace.Name)}_{Sanitize(action.Name)}");
        try
        {
            var request = runner.ContainerRequestFor(action, Owner, name, message.TransactionId) with
            {
                CpuShares = ContainerRequest.CpuSharesFor(action.Limits.MemoryMb, options.MemoryBudgetMb),
            };
            container.Container = await factory.CreateContainerAsync(request, cancellationToken);
            return null;
        }
        catch (Exception exception)
        {
            LogStartFailed(logger, name, exception);
            var response = exception is ContainerStartupException startup
                ? startup.IsDeveloperError ? ActivationResponse.DeveloperError(startup.Message) : ActivationResponse.WhiskError(startup.Message)
                : ActivationResponse.WhiskError(ResourceError);
            container.Ready.TrySetResult(Readiness.Failed(response));
            Release(container, ContainerVerdict.Destroy);
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
            WakeWaiters();
        }
    }

    /// <summary>Returns an activation's room; a verdict other than keep retires the container, removed once empty.</summary>
    public void Release(SharedContainer container, ContainerVerdict verdict)
    {
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
    }

    /// <summary>Stops taking activations and removes every container.</summary>
    public async Task StopAsync()
    {
        List<SharedContainer> all;
        lock (gate)
        {
            stopped = true;
            all = byKey.Values.SelectMany(list => list).ToList();
            foreach (var container in all)
            {
                Retire(container);
                MarkRemoved(container);
            }
        }

        WakeWaiters();
        await Task.WhenAll(all.Select(DestroyAsync));
    }

    public void Dispose() => sweeper.Dispose();

    private static string KeyOf(WhiskAction action, ActivationMessage message) => string.Create(
        CultureInfo.InvariantCulture,
        $"{message.User.Namespace.Name}/{action.FullyQualifiedName}@{action.Version}#{message.Revision ?? action.Updated.ToString(CultureInfo.InvariantCulture)}");

    private static string Sanitize(string text) => new(text.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());

    /// <summary>Picks least recently used idle containers freeing at least <paramref name="needed"/> MB, or none if they cannot.</summary>
    private List<SharedContainer> EvictIdle(int needed)
    {
        var idle = byKey.Values.SelectMany(list => list)
            .Where(c => !c.Retired && c.InFlight == 0 && c.IsReady)
            .OrderBy(c => c.LastUsed)
            .ToList();
        if (idle.Sum(c => c.MemoryMb) < needed)
        {
            return [];
        }

        var chosen = new List<SharedContainer>();
        foreach (var container in idle.TakeWhile(_ => chosen.Sum(c => c.MemoryMb) < needed))
        {
            Retire(container);
            MarkRemoved(container);
            chosen.Add(container);
        }

        return chosen;
    }

    private void RemoveIdle()
    {
        List<SharedContainer> expired;
        lock (gate)
        {
            var now = time.GetUtcNow();
            expired = byKey.Values.SelectMany(list => list)
                .Where(c => !c.Retired && c.InFlight == 0 && c.IsReady && now - c.LastUsed >= options.IdleTimeout)
                .ToList();
            foreach (var container in expired)
            {
                Retire(container);
                MarkRemoved(container);
            }
        }

        foreach (var container in expired)
        {
            _ = DestroyAsync(container);
        }

        if (expired.Count > 0)
        {
            WakeWaiters();
        }
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

    /// <summary>Frees the container's memory as its removal begins. Call under the lock.</summary>
    private void MarkRemoved(SharedContainer container)
    {
        container.Removed = true;
        usedMemoryMb -= container.MemoryMb;
    }

    private async Task DestroyAsync(SharedContainer container)
    {
        if (container.Container is not { } running)
        {
            return;
        }

        try
        {
            await running.DestroyAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogDestroyFailed(logger, running.Id, exception);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Direct container {Name} could not be started")]
    private static partial void LogStartFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct container {Id} could not be removed")]
    private static partial void LogDestroyFailed(ILogger logger, string id, Exception exception);
}
