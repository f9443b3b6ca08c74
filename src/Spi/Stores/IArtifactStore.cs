namespace OpenWhisk.Spi.Stores;

/// <summary>
/// Keeps entities (actions, packages, triggers, rules) and subjects with their keys, with optimistic
/// concurrency through revisions. Selected by <c>Spi:ArtifactStore</c>.
/// </summary>
[SpiContract("ArtifactStore")]
public interface IArtifactStore
{
    /// <summary>Returns the entity with id <paramref name="docId"/>, or null.</summary>
    /// <param name="docId">The document id, <c>namespace[/package]/name</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document, or null if there is none.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<EntityDocument?> GetAsync(string docId, CancellationToken cancellationToken);

    /// <summary>
    /// Creates (revision null) or replaces (revision equal to the stored one) an entity.
    /// </summary>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored document with its new revision.</returns>
    /// <exception cref="DocumentConflictException">It exists (on create) or its revision changed (on update).</exception>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<EntityDocument> PutAsync(EntityDocument document, CancellationToken cancellationToken);

    /// <summary>Deletes an entity if its revision still matches.</summary>
    /// <param name="docId">The document id.</param>
    /// <param name="revision">The revision read before; null deletes whatever is stored.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True if it was deleted, false if it did not exist.</returns>
    /// <exception cref="DocumentConflictException">The revision changed.</exception>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<bool> DeleteAsync(string docId, string? revision, CancellationToken cancellationToken);

    /// <summary>Lists entities, newest update first.</summary>
    /// <param name="query">What to list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page of entities.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<EntityDocument>> ListAsync(EntityQuery query, CancellationToken cancellationToken);

    /// <summary>Counts the entities a listing would return without skip and limit.</summary>
    /// <param name="query">What to count.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken);

    /// <summary>Returns the subject that owns the namespace with UUID <paramref name="uuid"/>, or null.</summary>
    /// <param name="uuid">The namespace UUID (user part of an API key).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subject, or null.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<SubjectRecord?> FindSubjectByUuidAsync(string uuid, CancellationToken cancellationToken);

    /// <summary>Returns the subject that owns the namespace named <paramref name="namespaceName"/>, or null (web actions run as it).</summary>
    /// <param name="namespaceName">The namespace name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subject, or null.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<SubjectRecord?> FindSubjectByNamespaceAsync(string namespaceName, CancellationToken cancellationToken);

    /// <summary>Returns a subject by name, or null.</summary>
    /// <param name="subject">The subject name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subject, or null.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<SubjectRecord?> GetSubjectAsync(string subject, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a subject (same revision rules as <see cref="PutAsync"/>).</summary>
    /// <param name="subject">The subject.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored subject with its new revision.</returns>
    /// <exception cref="DocumentConflictException">The revision does not match, or a UUID is taken by another subject.</exception>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<SubjectRecord> PutSubjectAsync(SubjectRecord subject, CancellationToken cancellationToken);
}
