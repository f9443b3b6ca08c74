using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Invoker.Pool;

/// <summary>Settings of the container pool (section <c>Invoker:Pool</c>).</summary>
public sealed class ContainerPoolOptions
{
    /// <summary>Gets or sets the memory available to action containers, in MB (OpenWhisk's <c>user-memory</c>).</summary>
    [Range(128, 1024 * 1024)]
    public int UserMemoryMb { get; set; } = 2048;

    /// <summary>
    /// Gets or sets how often the pool asks a container factory that knows its cluster's capacity (for example
    /// <c>swarm</c>) for it; such a factory's answer replaces <see cref="UserMemoryMb"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan CapacityRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the scheduling policy of the pool: <c>openwhisk</c> (OpenWhisk's fixed keep-alive, the default),
    /// <c>adaptive</c> (per-action idle-time histograms, settings in <c>Invoker:Pool:Adaptive</c>) or the name a plugin
    /// registers for its <c>ISchedulingPolicyFactory</c>.
    /// </summary>
    public string Policy { get; set; } = "openwhisk";

    /// <summary>Gets or sets how long an idle container stays unpaused, ready for the next activation.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan PauseGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long a paused container is kept before it is removed.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long after a stem cell was taken its replacement starts (OpenWhisk: at once), so that creating
    /// it does not slow down the activation that took the stem cell; zero starts it at once.
    /// </summary>
    public TimeSpan PrewarmBackfillDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how often reactive prewarm counts are recomputed and expired stem cells removed.</summary>
    public TimeSpan PrewarmExpirationCheckInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long after a failed stem-cell creation the next one of that kind and memory is tried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PrewarmRetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between stem-cell creation attempts (the wait doubles per failure up to it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan PrewarmRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets the most expired stem cells removed per check.</summary>
    [Range(1, 10_000)]
    public int PrewarmExpirationLimit { get; set; } = 100;

    /// <summary>
    /// Gets or sets the factor applied to intra-container concurrency when sizing how many activations the invoker
    /// takes from the bus (OpenWhisk's <c>concurrent-peek-factor</c>).
    /// </summary>
    [Range(0.0, 1.0)]
    public double ConcurrentPeekFactor { get; set; } = 0.5;

    /// <summary>Gets or sets how long shutdown waits for running activations before it removes their containers.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);
}
