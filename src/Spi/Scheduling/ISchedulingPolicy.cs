namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// The decisions of one invoker's container pool (OpenWhisk keeps them as pure functions beside its pool actor):
/// which container takes an activation, which idle containers make room, how long idle containers stay, how many
/// stem cells to keep, and which actions to prepare ahead of their next activation. The pool keeps the mechanics
/// (its mailbox, the containers' proxies, memory accounting, the run buffer) and asks its policy.
/// </summary>
/// <remarks>
/// One instance serves one pool, and the pool calls it from its single loop, one call at a time: an implementation
/// needs no locks. Decisions read the <see cref="PoolView"/> they are given and the policy's own learning state; only
/// <see cref="PlanIdle"/> may update that state (it is called once per placement). Calls are on the activation's path:
/// keep them to a few microseconds. A call that throws or returns what the pool cannot use (a null, a container that
/// cannot take the activation) gets OpenWhisk's decision instead, with a warning.
/// </remarks>
public interface ISchedulingPolicy
{
    /// <summary>
    /// Chooses the existing container that takes an activation: one holding the same action with room (warm, paused
    /// or still initializing), or a stem cell of the activation's runtime kind and memory.
    /// </summary>
    /// <param name="pool">The pool now.</param>
    /// <param name="request">The activation.</param>
    /// <returns>A container of <see cref="PoolView.Containers"/>, or <see langword="null"/>: the pool then creates a new
    /// container if memory allows, or buffers the activation and asks <see cref="SelectVictims"/> for room.</returns>
    PoolContainer? SelectContainer(PoolView pool, PlacementRequest request);

    /// <summary>Chooses idle warm containers to remove so that <paramref name="memoryMb"/> more MB fit.</summary>
    /// <param name="pool">The pool now.</param>
    /// <param name="memoryMb">The memory to free, in MB.</param>
    /// <returns>
    /// Containers to remove, each idle and warm (<see cref="PoolContainer.IsIdleWarm"/>), in the order they go. When
    /// idle containers cannot free that much, all that the policy would give up: the pool then removes none for its
    /// own activations, and all of them when another holder of a shared memory budget asked for room.
    /// </returns>
    IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb);

    /// <summary>
    /// An activation of <see cref="PlacementRequest.Action"/> was placed: returns how long the container that runs it
    /// is kept once idle, and whether to prepare one ahead of the action's next predicted arrival (the latest plan of
    /// an action decides that). Called once per placement; a placement with <see cref="PlacementRequest.IsRetry"/> is
    /// not a new arrival.
    /// </summary>
    /// <param name="pool">The pool just before the activation was placed.</param>
    /// <param name="request">The activation.</param>
    /// <param name="container">
    /// The container that takes it, as <see cref="SelectContainer"/> chose it (a warm container or a stem cell), or
    /// <see langword="null"/> when a new container is created for it.
    /// </param>
    /// <returns>The plan for the container.</returns>
    IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container);

    /// <summary>How many stem cells of one configuration the pool should have now.</summary>
    /// <param name="pool">The pool now.</param>
    /// <param name="demand">The configuration and what the pool saw of it.</param>
    /// <returns>
    /// The desired count (the pool uses at most 1 000); the pool creates the missing ones while memory allows and never
    /// removes extra ones for this.
    /// </returns>
    int DesiredStemCells(PoolView pool, StemCellDemand demand);
}
