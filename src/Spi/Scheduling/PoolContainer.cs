namespace OpenWhisk.Spi.Scheduling;

/// <summary>One container of a pool as a scheduling policy sees it: an immutable picture taken for one decision.</summary>
/// <param name="Id">The container's number within its pool; stable for the container's life.</param>
/// <param name="Kind">What the container is: a stem cell, being created, initializing, or warm.</param>
/// <param name="Action">The action it holds or is being initialized with; <see langword="null"/> for a stem cell.</param>
/// <param name="RuntimeKind">The runtime kind of a stem cell (for example <c>nodejs:20</c>); otherwise <see langword="null"/>.</param>
/// <param name="MemoryMb">The memory it holds, in MB.</param>
/// <param name="ActiveCount">Activations sent to it that have not finished.</param>
/// <param name="MaxConcurrent">How many activations it may run at once (the action's concurrency limit).</param>
/// <param name="LastUsed">When it was last given an activation (for a stem cell: when it became ready).</param>
/// <param name="Expires">When an unused stem cell expires, if its configuration sets a time to live.</param>
public sealed record PoolContainer(
    int Id,
    PoolEntryKind Kind,
    ActionKey? Action,
    string? RuntimeKind,
    int MemoryMb,
    int ActiveCount,
    int MaxConcurrent,
    DateTimeOffset LastUsed,
    DateTimeOffset? Expires)
{
    /// <summary>
    /// Gets a value indicating whether the container can take one more activation now: a stem cell, a container being
    /// created (the activation waits for it), or one running fewer activations than its concurrency limit.
    /// </summary>
    public bool HasCapacity => Kind is PoolEntryKind.Cold or PoolEntryKind.Prewarmed || ActiveCount < MaxConcurrent;

    /// <summary>Gets a value indicating whether the container is initialized with an action and runs nothing: a candidate for removal.</summary>
    public bool IsIdleWarm => Kind == PoolEntryKind.Warmed && ActiveCount == 0;
}
