namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// Containers to prepare for an action ahead of its predicted arrivals: created and initialized with the action (no
/// activation runs), so that the arrivals find them warm. The pool prepares them only into free memory, never while
/// activations wait for room.
/// </summary>
/// <param name="After">
/// When, counted from the placement that planned it (at most 30 days: longer waits fire at 30 days); zero or less: at
/// once, right after that placement (a burst starts).
/// </param>
/// <param name="Count">How many containers should hold the action then; only the missing ones are prepared. Zero or less: ignored.</param>
/// <param name="RemoveAfter">
/// How long a prepared container waits for an activation once it is initialized, before it is removed. Zero or less:
/// the preparation is ignored.
/// </param>
public sealed record ContainerPreparation(TimeSpan After, int Count, TimeSpan RemoveAfter);
