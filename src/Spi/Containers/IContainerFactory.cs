namespace OpenWhisk.Spi.Containers;

/// <summary>
/// Creates action containers (OpenWhisk's <c>ContainerFactory</c>). Selected by <c>Spi:ContainerFactory</c>.
/// </summary>
[SpiContract("ContainerFactory")]
public interface IContainerFactory
{
    /// <summary>Creates and starts a container; its action proxy may not be listening yet.</summary>
    /// <param name="request">Name, image, memory and environment.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>The started container.</returns>
    /// <exception cref="ContainerStartupException">The container could not be created or started.</exception>
    Task<IContainer> CreateContainerAsync(ContainerRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every container left behind by <paramref name="owner"/> (for example after a crash), and no
    /// other container. Called at startup and at shutdown.
    /// </summary>
    /// <param name="owner">The owner prefix, for example <c>wsk0</c>.</param>
    /// <param name="cancellationToken">Cancels the cleanup.</param>
    /// <returns>The number of containers removed.</returns>
    Task<int> CleanupAsync(string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Gets the memory <paramref name="owner"/> may fill with action containers when the factory knows it, for
    /// example a cluster manager's schedulable memory, which changes as nodes join, leave or fill with other work.
    /// The invoker asks at startup and then periodically, and its pool uses the answer instead of the configured
    /// user memory. The default, for a factory on one host, is <see langword="null"/>: the configured user memory
    /// applies.
    /// </summary>
    /// <param name="owner">The owner prefix, for example <c>wsk0</c>; its own containers count as free.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The capacity, or <see langword="null"/> when the factory does not know it.</returns>
    Task<ContainerCapacity?> GetCapacityAsync(string owner, CancellationToken cancellationToken) => Task.FromResult<ContainerCapacity?>(null);

    /// <summary>
    /// Checks that the factory can create containers now (its engine answers): the host's readiness check
    /// (<c>/health/ready</c>) calls it. The default reports healthy; a factory whose back end can go away overrides it.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check (it is also bounded by the host).</param>
    /// <returns>A task that completes when the back end answered.</returns>
    /// <exception cref="Exception">Any exception means unhealthy; its message is shown in the check's detail.</exception>
    Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
