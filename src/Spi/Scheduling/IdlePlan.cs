namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// How long a container of an action is kept once it has nothing to run, and which containers to prepare for the
/// action's next activations.
/// </summary>
/// <param name="PauseGrace">How long it stays unpaused, ready at once, before it is paused.</param>
/// <param name="RemoveAfter">
/// How long after it went idle it is removed (counted from the moment it went idle, pause included); shorter than
/// <paramref name="PauseGrace"/> removes it without pausing it.
/// </param>
public sealed record IdlePlan(TimeSpan PauseGrace, TimeSpan RemoveAfter)
{
    /// <summary>
    /// Gets the containers to prepare with the action, counted from the arrival that asked for this plan. The action's
    /// next arrival replaces the preparations still pending (a prediction is made again at each arrival).
    /// </summary>
    public IReadOnlyList<ContainerPreparation> Preparations { get; init; } = [];
}
