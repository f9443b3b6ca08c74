namespace OpenWhisk.Spi.Scheduling;

/// <summary>An activation looking for a container.</summary>
/// <param name="Action">The action and revision it runs, in its caller's namespace.</param>
/// <param name="RuntimeKind">
/// The runtime kind its code runs on, resolved from the runtimes manifest (a stem cell of this kind can take it), or
/// <see langword="null"/> for a Docker (blackbox) action, which no stem cell can take.
/// </param>
/// <param name="MemoryMb">The action's memory limit, in MB.</param>
/// <param name="MaxConcurrent">The action's concurrency limit.</param>
/// <param name="Arrived">When the pool places the activation, on the pool's clock (the clock of <see cref="PoolView.Now"/> and of preparations).</param>
/// <param name="IsRetry">
/// Whether the activation was placed before and comes back because its container failed or went away: not a new
/// arrival, so a policy that learns from arrivals does not count it again.
/// </param>
public sealed record PlacementRequest(ActionKey Action, string? RuntimeKind, int MemoryMb, int MaxConcurrent, DateTimeOffset Arrived, bool IsRetry = false);
