namespace OpenWhisk.Plugins.Simulation;

/// <summary>Latencies of the simulated container factory (section <c>Simulation</c>).</summary>
public sealed class SimulationOptions
{
    /// <summary>Gets or sets how long creating a container takes.</summary>
    public TimeSpan CreateLatency { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Gets or sets how long <c>/init</c> takes.</summary>
    public TimeSpan InitLatency { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Gets or sets how long <c>/run</c> takes unless the activation says otherwise.</summary>
    public TimeSpan RunLatency { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Gets or sets how long pausing takes.</summary>
    public TimeSpan PauseLatency { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets or sets how long resuming takes.</summary>
    public TimeSpan ResumeLatency { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets or sets how long removing a container takes.</summary>
    public TimeSpan DestroyLatency { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets or sets text that, found in an image name, makes creating its container fail.</summary>
    public string FailingImageMarker { get; set; } = "create-fails";

    /// <summary>
    /// Gets or sets the capacity, in MB, the factory reports as a cluster manager would (unset: unknown, so the pool
    /// uses its configured user memory). Read on every query, so a test may change it to simulate a cluster changing.
    /// </summary>
    public int? CapacityMb { get; set; }

    /// <summary>Gets or sets whether containers record every log line (turn off for large simulations).</summary>
    public bool RecordEvents { get; set; } = true;
}
