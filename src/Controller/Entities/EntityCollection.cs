using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Caching;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// One entity type in the artifact store (actions, packages, ...), with a short read cache for the hot paths
/// (OpenWhisk caches entities too); a write or delete through this controller replaces the cached copy at once. The
/// cache holds at most <see cref="ControllerOptions.EntityCacheMaxBytes"/> of entity JSON (an action's code counts).
/// A document of another type under the same id is OpenWhisk's conformance conflict (409).
/// </summary>
/// <typeparam name="T">The entity type.</typeparam>
public abstract class EntityCollection<T>(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
    where T : class
{
    /// <summary>What an entry costs beyond its JSON (the object graph, the key).</summary>
    private const int EntryOverheadBytes = 512;

    private readonly BoundedCache<Stored<T>> cache = new(options.Value.EntityCacheMaxBytes);

    /// <summary>Gets the entity type in the store, for example <c>action</c>.</summary>
    public abstract string EntityType { get; }

    /// <summary>Reads an entity; null when there is none; 409 when the id holds another type of entity.</summary>
    public async Task<Stored<T>?> GetAsync(string docId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(docId, cancellationToken);
        if (document is null)
        {
            cache.Remove(docId);
            return null;
        }

        if (document.EntityType != EntityType)
        {
            cache.Remove(docId);
            throw ApiException.Conflict(ApiMessages.Conformance);
        }

        var stored = new Stored<T>(document.Body.Deserialize<T>(OpenWhiskJson.Options)!, document.Revision!);
        Remember(docId, stored, document.Body);
        return stored;
    }

    /// <summary>Reads an entity; null when there is none or the id holds another type of entity.</summary>
    public async Task<Stored<T>?> FindAsync(string docId, CancellationToken cancellationToken)
    {
        try
        {
            return await GetAsync(docId, cancellationToken);
        }
        catch (ApiException conflict) when (conflict.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Reads an entity, from the cache while it is fresh (for invocations and entitlement checks).</summary>
    public async ValueTask<Stored<T>?> GetCachedAsync(string docId, CancellationToken cancellationToken)
    {
        if (cache.TryGet(docId, timeProvider.GetTimestamp(), out var cached))
        {
            return cached;
        }

        return await GetAsync(docId, cancellationToken);
    }

    /// <summary>Creates (revision null) or replaces an entity.</summary>
    /// <exception cref="DocumentConflictException">It exists (create) or changed since it was read (update).</exception>
    public async Task<Stored<T>> PutAsync(T entity, string? revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var (ns, name, updated) = Describe(entity);
        var docId = ns + "/" + name;
        try
        {
            var body = JsonSerializer.SerializeToElement(entity, OpenWhiskJson.Options);
            var document = await store.PutAsync(
                new EntityDocument
                {
                    DocId = docId,
                    EntityType = EntityType,
                    Namespace = ns,
                    Name = name,
                    Updated = updated,
                    Revision = revision,
                    Body = body,
                },
                cancellationToken);
            var stored = new Stored<T>(entity, document.Revision!);
            Remember(docId, stored, body);
            return stored;
        }
        catch (DocumentConflictException)
        {
            cache.Remove(docId);
            throw;
        }
    }

    /// <summary>Deletes an entity read at <paramref name="revision"/>; false when it was gone already.</summary>
    /// <exception cref="DocumentConflictException">It changed since it was read.</exception>
    public async Task<bool> DeleteAsync(string docId, string revision, CancellationToken cancellationToken)
    {
        cache.Remove(docId);
        return await store.DeleteAsync(docId, revision, cancellationToken);
    }

    /// <summary>Deletes an entity for an API request: 404 when it was gone already, 409 when it changed since it was read.</summary>
    public async Task DeleteForRequestAsync(string docId, Stored<T> existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(existing);
        try
        {
            if (!await DeleteAsync(docId, existing.Revision, cancellationToken))
            {
                throw ApiException.NotFound();
            }
        }
        catch (DocumentConflictException)
        {
            throw ApiException.Conflict(ApiMessages.ConcurrentModification);
        }
    }

    /// <summary>Lists entities of this type, newest update first.</summary>
    public async Task<IReadOnlyList<T>> ListAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var documents = await store.ListAsync(query with { EntityType = EntityType }, cancellationToken);
        return documents.Select(d => d.Body.Deserialize<T>(OpenWhiskJson.Options)!).ToList();
    }

    /// <summary>Counts the entities a listing would return without skip and limit.</summary>
    public Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return store.CountAsync(query with { EntityType = EntityType }, cancellationToken);
    }

    /// <summary>Returns what the store indexes of an entity: its namespace path, name and update time.</summary>
    protected abstract (string Namespace, string Name, long Updated) Describe(T entity);

    /// <summary>When something read now stops being fresh (<see cref="ControllerOptions.ActionCacheTime"/> from now), as a timestamp.</summary>
    protected long FreshUntil() => timeProvider.GetTimestamp() + (long)(options.Value.ActionCacheTime.TotalSeconds * timeProvider.TimestampFrequency);

    /// <summary>Whether something fresh until <paramref name="freshUntil"/> still is.</summary>
    protected bool IsFresh(long freshUntil) => freshUntil > timeProvider.GetTimestamp();

    /// <summary>Gets how many entities the read cache holds now (for tests and diagnostics).</summary>
    public int CachedCount => cache.Count;

    /// <summary>Gets the bytes the read cache counts now (for tests and diagnostics).</summary>
    public long CachedBytes => cache.Used;

    private void Remember(string docId, Stored<T> stored, JsonElement body)
    {
        if (options.Value.ActionCacheTime <= TimeSpan.Zero)
        {
            cache.Remove(docId);
            return;
        }

        // The size is the entity's JSON as stored: an action's code is most of it. An entity too large for the cache
        // is not kept, and neither is its older copy.
        cache.Set(docId, stored, JsonMarshal.GetRawUtf8Value(body).Length + EntryOverheadBytes, FreshUntil());
    }
}
