using Microsoft.Extensions.Caching.Memory;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Invoker.Activations;

/// <summary>
/// The actions this invoker fetched from the artifact store (those too large for the controller to embed in the
/// message), by fully qualified name and revision, as OpenWhisk's invoker caches them: an update is a new revision and
/// so a new key, never served stale. Bounded by the size of their code (<see cref="Hosting.InvokerOptions.ActionCacheMb"/>):
/// an action that does not fit is not kept, and compaction (in the background) removes the least recently used.
/// </summary>
internal sealed class ActionDocumentCache : IDisposable
{
    private static readonly TimeSpan Unused = TimeSpan.FromMinutes(10);

    private readonly MemoryCache? cache;

    /// <param name="sizeLimitBytes">The most code to hold, in bytes (UTF-16); 0 holds nothing.</param>
    public ActionDocumentCache(long sizeLimitBytes)
    {
        if (sizeLimitBytes > 0)
        {
            cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimitBytes, CompactionPercentage = 0.25 });
        }
    }

    /// <summary>Finds the action at <paramref name="revision"/>; never for a message without a revision.</summary>
    public WhiskAction? Find(string name, string? revision) =>
        cache is not null && revision is not null && cache.TryGetValue((name, revision), out WhiskAction? action) ? action : null;

    /// <summary>Holds an action fetched at <paramref name="revision"/> (the stored document's own).</summary>
    public void Add(string name, string? revision, WhiskAction action)
    {
        if (cache is null || revision is null)
        {
            return;
        }

        var size = (2L * (action.Exec.Code?.Length ?? 0)) + 4096;
        cache.Set((name, revision), action, new MemoryCacheEntryOptions { Size = size, SlidingExpiration = Unused });
    }

    public void Dispose() => cache?.Dispose();
}
