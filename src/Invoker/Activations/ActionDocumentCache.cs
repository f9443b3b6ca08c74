using OpenWhisk.Common.Caching;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Invoker.Activations;

/// <summary>
/// The actions this invoker fetched from the artifact store (those too large for the controller to embed in the
/// message), by fully qualified name and revision, as OpenWhisk's invoker caches them: an update is a new revision and
/// so a new key, never served stale. Bounded by the size of their code (<see cref="Hosting.InvokerOptions.ActionCacheMb"/>):
/// an action that does not fit is not kept, and the least recently used go first. A <see cref="BoundedCache{TValue}"/>,
/// not a <c>MemoryCache</c> with a size limit, for the reason that class gives.
/// </summary>
internal sealed class ActionDocumentCache
{
    private readonly BoundedCache<WhiskAction>? cache;

    /// <param name="sizeLimitBytes">The most code to hold, in bytes (UTF-16); 0 holds nothing.</param>
    public ActionDocumentCache(long sizeLimitBytes)
    {
        if (sizeLimitBytes > 0)
        {
            cache = new BoundedCache<WhiskAction>(sizeLimitBytes);
        }
    }

    /// <summary>Finds the action at <paramref name="revision"/>; never for a message without a revision.</summary>
    public WhiskAction? Find(string name, string? revision) =>
        cache is not null && revision is not null && cache.TryGet(Key(name, revision), 0, out var action) ? action : null;

    /// <summary>Holds an action fetched at <paramref name="revision"/> (the stored document's own).</summary>
    public void Add(string name, string? revision, WhiskAction action)
    {
        if (cache is null || revision is null)
        {
            return;
        }

        // A revision never goes stale: the entry stays fresh until the budget pushes it out.
        cache.Set(Key(name, revision), action, (2L * (action.Exec.Code?.Length ?? 0)) + 4096, long.MaxValue);
    }

    private static string Key(string name, string revision) => name + "\n" + revision;
}
