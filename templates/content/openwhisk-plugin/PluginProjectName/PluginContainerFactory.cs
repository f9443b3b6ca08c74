using OpenWhisk.Spi.Containers;

namespace PluginProjectName;

/// <summary>
/// A container factory: creates the containers actions run in and cleans up an invoker's containers.
/// PluginProjectName.Tests runs the conformance fixture of the contract against it: it fails until the members below
/// are written.
/// </summary>
public sealed class PluginContainerFactory : IContainerFactory
{
    /// <inheritdoc />
    public Task<IContainer> CreateContainerAsync(ContainerRequest request, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: start a container of request.Image and return it once its action proxy answers.");

    /// <inheritdoc />
    public Task<int> CleanupAsync(string owner, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: remove every container of the owner and return how many.");
}
