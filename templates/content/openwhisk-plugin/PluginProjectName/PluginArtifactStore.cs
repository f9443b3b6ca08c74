using OpenWhisk.Spi.Stores;

namespace PluginProjectName;

/// <summary>
/// An artifact store: where the platform keeps actions, packages, triggers, rules and subjects with their keys.
/// PluginProjectName.Tests runs the conformance fixture of the contract against it: it fails until the members below
/// are written.
/// </summary>
public sealed class PluginArtifactStore : IArtifactStore
{
    /// <inheritdoc />
    public Task<EntityDocument?> GetAsync(string docId, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: return the document with that id, or null.");

    /// <inheritdoc />
    public Task<EntityDocument> PutAsync(EntityDocument document, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: create or update the document, checking its revision.");

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string docId, string? revision, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: delete the document and say whether it existed.");

    /// <inheritdoc />
    public Task<IReadOnlyList<EntityDocument>> ListAsync(EntityQuery query, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: list the documents the query selects.");

    /// <inheritdoc />
    public Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: count the documents the query selects.");

    /// <inheritdoc />
    public Task<SubjectRecord?> FindSubjectByUuidAsync(string uuid, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: find the subject that owns the key uuid.");

    /// <inheritdoc />
    public Task<SubjectRecord?> FindSubjectByNamespaceAsync(string namespaceName, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: find the subject that owns the namespace.");

    /// <inheritdoc />
    public Task<SubjectRecord?> GetSubjectAsync(string subject, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: return the subject, or null.");

    /// <inheritdoc />
    public Task<SubjectRecord> PutSubjectAsync(SubjectRecord subject, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: create or replace the subject.");
}
