using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// Actions in the artifact store, with a short read cache for invocations (OpenWhisk caches entities too); a write
/// through this controller replaces the cached copy at once.
/// </summary>
public sealed class ActionStore(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, (StoredAction Action, long Expires)> cache = new(StringComparer.Ordinal);

    public async Task<StoredAction?> GetAsync(string docId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(docId, cancellationToken);
        if (document is null || document.EntityType != EntityTypes.Action)
        {
            cache.TryRemove(docId, out _);
            return null;
        }

        var stored = new StoredAction(document.Body.Deserialize<WhiskAction>(OpenWhiskJson.Options)!, document.Revision!);
        Remember(docId, stored);
        return stored;
    }

    /// <summary>Returns the action for an invocation, from the cache while it is fresh.</summary>
    public async ValueTask<StoredAction?> GetForInvokeAsync(string docId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(docId, out var cached) && cached.Expires > timeProvider.GetTimestamp())
        {
            return cached.Action;
        }

        return await GetAsync(docId, cancellationToken);
    }

    /// <summary>Creates (revision null) or replaces an action.</summary>
    public async Task<StoredAction> PutAsync(WhiskAction action, string? revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var docId = action.FullyQualifiedName;
        try
        {
            var stored = await store.PutAsync(
                new EntityDocument
                {
                    DocId = docId,
                    EntityType = EntityTypes.Action,
                    Namespace = action.Namespace,
                    Name = action.Name,
                    Updated = action.Updated,
                    Revision = revision,
                    Body = JsonSerializer.SerializeToElement(action, OpenWhiskJson.Options),
                },
                cancellationToken);
            var result = new StoredAction(action, stored.Revision!);
            Remember(docId, result);
            return result;
        }
        catch (DocumentConflictException)
        {
            cache.TryRemove(docId, out _);
            throw;
        }
    }

    public async Task<bool> DeleteAsync(string docId, string revision, CancellationToken cancellationToken)
    {
        cache.TryRemove(docId, out _);
        return await store.DeleteAsync(docId, revision, cancellationToken);
    }

    public async Task<IReadOnlyList<WhiskAction>> ListAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        var documents = await store.ListAsync(query, cancellationToken);
        return documents.Select(d => d.Body.Deserialize<WhiskAction>(OpenWhiskJson.Options)!).ToList();
    }

    public Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken) => store.CountAsync(query, cancellationToken);

    private void Remember(string docId, StoredAction action)
    {
        var ttl = options.Value.ActionCacheTime;
        cache[docId] = (action, timeProvider.GetTimestamp() + (long)(ttl.TotalSeconds * timeProvider.TimestampFrequency));
    }
}
