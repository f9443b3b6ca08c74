using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;

namespace PluginProjectName;

/// <summary>
/// A log store. The invoker calls <see cref="CollectAsync"/> after each run in a container; the controller calls
/// <see cref="FetchAsync"/> for <c>GET .../activations/{id}/logs</c>. PluginProjectName.Tests runs the conformance
/// fixture of the contract against it: it fails until the members below are written.
/// </summary>
public sealed class PluginLogStore : ILogStore
{
    /// <inheritdoc />
    public bool CollectsLogs => true;

    /// <inheritdoc />
    public Task<LogCollectionResult> CollectAsync(LogCollectionContext context, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: read context.Container's logs and return the lines to keep.");

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> FetchAsync(ActivationRecord activation, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: return the lines kept for the activation.");
}
