namespace OpenWhisk.Plugins.Simulation;

/// <summary>What happened to a simulated container.</summary>
public enum SimulatedContainerEventKind
{
    /// <summary>Created and started.</summary>
    Created,

    /// <summary>Initialized with an action.</summary>
    Initialized,

    /// <summary>Ran an activation.</summary>
    Ran,

    /// <summary>Paused.</summary>
    Paused,

    /// <summary>Resumed.</summary>
    Resumed,

    /// <summary>Removed.</summary>
    Destroyed,
}
