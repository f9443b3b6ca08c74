namespace OpenWhisk.Spi.Scheduling;

/// <summary>What the pool knows about one of its containers (OpenWhisk's ContainerData variants).</summary>
public enum PoolEntryKind
{
    /// <summary>Being created for a first job (cold start).</summary>
    Cold,

    /// <summary>A started stem cell, not yet used.</summary>
    Prewarmed,

    /// <summary>
    /// A new container holding its action before it is initialized: created for its first jobs (a cold start), or
    /// being prepared ahead of the action's arrival (then with no job yet; jobs sent to it wait for its <c>/init</c>).
    /// </summary>
    WarmingCold,

    /// <summary>A stem cell being initialized with its first job.</summary>
    Warming,

    /// <summary>Initialized with an action; idle, paused or running.</summary>
    Warmed,
}
