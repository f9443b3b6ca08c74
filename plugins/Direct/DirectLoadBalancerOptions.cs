namespace OpenWhisk.Plugins.Direct;

/// <summary>Settings of the <c>direct</c> balancer (section <c>Direct</c>).</summary>
public sealed class DirectLoadBalancerOptions
{
    /// <summary>
    /// Gets or sets the smallest intra-container concurrency (<c>limits.concurrency</c>) an action needs to run
    /// direct (default 2); the resolver sends other actions to its default balancer.
    /// </summary>
    public int MinConcurrency { get; set; } = 2;

    /// <summary>
    /// Gets or sets the memory all direct containers together may use, in megabytes (default 1024). Where the host
    /// runs an invoker in the same process (the standalone platform), direct containers also count against the
    /// invoker's user memory, which both share.
    /// </summary>
    public int MemoryBudgetMb { get; set; } = 1024;

    /// <summary>Gets or sets how long a container with nothing in flight stays before it is removed (default 10 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long a container with nothing in flight stays unpaused, ready for the next activation, before
    /// it is paused (default 10 seconds, as the invoker's pool); the next activation resumes it.
    /// </summary>
    public TimeSpan PauseGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets the stem cells to keep: started containers of a kind and memory, not yet initialized, that the first
    /// activation of a matching action takes instead of starting a container (default none). Each taken one is
    /// replaced; a failing creation is retried after 1 second, doubling up to 2 minutes.
    /// </summary>
    public IList<DirectStemCellOptions> StemCells { get; } = [];

    /// <summary>
    /// Gets or sets the owner prefix of the containers (default <c>wskdirect&lt;controller&gt;</c>); leftovers with it
    /// are removed at start and at stop.
    /// </summary>
    public string? Owner { get; set; }

    /// <summary>Gets or sets how many times an activation moves to a fresh container when its container died before it ran (default 2).</summary>
    public int MaxReschedules { get; set; } = 2;
}
