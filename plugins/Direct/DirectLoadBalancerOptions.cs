namespace OpenWhisk.Plugins.Direct;

/// <summary>Settings of the <c>direct</c> balancer (section <c>Direct</c>).</summary>
public sealed class DirectLoadBalancerOptions
{
    /// <summary>
    /// Gets or sets the smallest intra-container concurrency (<c>limits.concurrency</c>) an action needs to run
    /// direct (default 2); the resolver sends other actions to its default balancer.
    /// </summary>
    public int MinConcurrency { get; set; } = 2;

    /// <summary>Gets or sets the memory all direct containers together may use, in megabytes (default 1024).</summary>
    public int MemoryBudgetMb { get; set; } = 1024;

    /// <summary>Gets or sets how long a container with nothing in flight stays before it is removed (default 10 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets the owner prefix of the containers (default <c>wskdirect&lt;controller&gt;</c>); leftovers with it
    /// are removed at start and at stop.
    /// </summary>
    public string? Owner { get; set; }

    /// <summary>Gets or sets how many times an activation moves to a fresh container when its container died before it ran (default 2).</summary>
    public int MaxReschedules { get; set; } = 2;
}
