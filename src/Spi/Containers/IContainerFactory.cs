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
}
