using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Telemetry;

/// <summary>The selected artifact store with every call timed (<see cref="StoreMetrics"/>, store label <c>artifacts</c>).</summary>
/// <param name="inner">The selected store.</param>
/// <param name="metrics">The store metrics.</param>
public sealed class MeteredArtifactStore(IArtifactStore inner, StoreMetrics metrics) : IArtifactStore
{
    private const string Store = "artifacts";

    /// <inheritdoc/>
    public Task<EntityDocument?> GetAsync(string docId, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "get", () => inner.GetAsync(docId, cancellationToken));

    /// <inheritdoc/>
    public Task<EntityDocument> PutAsync(EntityDocument document, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "put", () => inner.PutAsync(document, cancellationToken));

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string docId, string? revision, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "delete", () => inner.DeleteAsync(docId, revision, cancellationToken));

    /// <inheritdoc/>
    public Task<IReadOnlyList<EntityDocument>> ListAsync(EntityQuery query, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "list", () => inner.ListAsync(query, cancellationToken));

    /// <inheritdoc/>
    public Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "count", () => inner.CountAsync(query, cancellationToken));

    /// <inheritdoc/>
    public Task<SubjectRecord?> FindSubjectByUuidAsync(string uuid, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "find_subject", () => inner.FindSubjectByUuidAsync(uuid, cancellationToken));

    /// <inheritdoc/>
    public Task<SubjectRecord?> FindSubjectByNamespaceAsync(string namespaceName, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "find_subject", () => inner.FindSubjectByNamespaceAsync(namespaceName, cancellationToken));

    /// <inheritdoc/>
    public Task<SubjectRecord?> GetSubjectAsync(string subject, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "get_subject", () => inner.GetSubjectAsync(subject, cancellationToken));

    /// <inheritdoc/>
    public Task<SubjectRecord> PutSubjectAsync(SubjectRecord subject, CancellationToken cancellationToken) =>
        metrics.TimeAsync(Store, "put_subject", () => inner.PutSubjectAsync(subject, cancellationToken));
}
