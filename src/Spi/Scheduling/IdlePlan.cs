namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// How long a container of an action is kept once it has nothing to run, and which containers to prepare for the
/// action's next activations.
/// </summary>
/// <param name="PauseGrace">How long it stays unpaused, ready at once, before it is paused.</param>
/// <param name="RemoveAfter">
/// How long after it went idle it is removed: a paused container goes <c>RemoveAfter - PauseGrace</c> after its pause
/// completed; no longer than <paramref name="PauseGrace"/> removes it without pausing it. Timers take at most 30 days.
/// </param>
public sealed record IdlePlan(TimeSpan PauseGrace, TimeSpan RemoveAfter)
{
    /// <summary>
    /// Gets the containers to prepare with the action, counted from the placement that asked for this plan (never
    /// <see langword="null"/>). The action's next placement (any revision) replaces the preparations still pending: a
    /// prediction is made again at each arrival. A rescheduled activation's plan neither schedules nor cancels any.
    /// </summary>
    public IReadOnlyList<ContainerPreparation> Preparations { get; init; } = [];
}
