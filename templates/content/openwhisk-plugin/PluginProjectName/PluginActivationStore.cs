using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace PluginProjectName;

/// <summary>
/// An activation store: where the platform keeps every activation record. PluginProjectName.Tests runs the
/// conformance fixture of the contract against it: it fails until the members below are written.
/// </summary>
public sealed class PluginActivationStore : IActivationStore
{
    /// <inheritdoc />
    public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: store the record, replacing one with the same namespace and id.");

    /// <inheritdoc />
    public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: return the namespace's record with that id, or null.");

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: list the namespace's records, newest first, as the query filters and pages them.");

    /// <inheritdoc />
    public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: count the records the query selects.");

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: delete the record and say whether it existed.");
}
