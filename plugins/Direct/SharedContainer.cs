using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// One container of the direct pool, shared by up to <see cref="Capacity"/> activations of one action at a time.
/// Its counters are guarded by the pool's lock.
/// </summary>
internal sealed class SharedContainer(ActionKey key, int memoryMb, int capacity)
{
    /// <summary>Gets what an activation must match to use the container (namespace, action, version, revision).</summary>
    public ActionKey Key { get; } = key;

    public int MemoryMb { get; } = memoryMb;

    /// <summary>Gets the action's intra-container concurrency.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>Gets or sets the container, once created (at once for one made from a stem cell).</summary>
    public IContainer? Container { get; set; }

    /// <summary>Gets or sets the activations leased on the container, running or waiting for it to start.</summary>
    public int InFlight { get; set; }

    /// <summary>Gets or sets how many activations finished in it and left it warm.</summary>
    public int CompletedRuns { get; set; }

    public DateTimeOffset LastUsed { get; set; }

    /// <summary>Gets or sets a value indicating whether it takes no new activations (it failed or is being removed).</summary>
    public bool Retired { get; set; }

    /// <summary>Gets or sets a value indicating whether its removal has begun (its memory counts until it is gone).</summary>
    public bool Removed { get; set; }

    /// <summary>
    /// Gets or sets the pausing of the idle container (true when it paused), or null while it is not paused; an
    /// activation that takes a paused container replaces it with a <see cref="Resumption"/>.
    /// </summary>
    public Task<bool>? Suspension { get; set; }

    /// <summary>
    /// Gets or sets the resumption of the container since it was last paused (true when it runs again), or null when
    /// it was not paused; activations await it before they run.
    /// </summary>
    public Task<bool>? Resumption { get; set; }

    /// <summary>Gets the outcome of its start: the activations that lease it while it starts wait for this.</summary>
    public TaskCompletionSource<Readiness> Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a value indicating whether it started and initialized successfully.</summary>
    public bool IsReady => Ready.Task.IsCompletedSuccessfully && Ready.Task.Result.Ok;

    /// <summary>Gets a value indicating whether it is initialized and has nothing in flight (idle time counts).</summary>
    public bool IsIdle => !Retired && InFlight == 0 && IsReady;
}
