namespace OpenWhisk.Plugins.Simulation;

/// <summary>Something that happened to a simulated container.</summary>
/// <param name="ContainerId">The container.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Time">When.</param>
public sealed record SimulatedContainerEvent(string ContainerId, SimulatedContainerEventKind Kind, DateTimeOffset Time);
