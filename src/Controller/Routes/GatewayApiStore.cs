using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// The APIs in the artifact store, one document per namespace and base path under an id no entity name can take
/// (<c>ns//base#api</c>), so every controller serves the same routes and they survive restarts. A namespace's list is
/// cached for routing (<c>Controller:ActionCacheTime</c>); writes through this controller refresh it at once.
/// </summary>
public sealed class GatewayApiStore(IArtifactStore store, IOptions<ControllerOptions> options, TimeProvider timeProvider)
    : EntityCollection<GatewayApi>(store, options, timeProvider)
{
    public const string Type = "api";

    private readonly ConcurrentDictionary<string, (ApiRouteTable Routes, long Expires)> routing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> writes = new(StringComparer.Ordinal);

    public override string EntityType => Type;

    public static string DocId(string ns, string basePath) => ns + "/" + basePath + "#api";

    /// <summary>Every API of a namespace, read from the store.</summary>
    public Task<IReadOnlyList<GatewayApi>> ListAsync(string ns, CancellationToken cancellationToken) =>
        ListAsync(new EntityQuery { EntityType = Type, Namespace = ns, Limit = int.MaxValue }, cancellationToken);

    /// <summary>The routes of a namespace's APIs, from the routing cache while it is fresh.</summary>
    public async ValueTask<ApiRouteTable> RoutesAsync(string ns, CancellationToken cancellationToken)
    {
        if (routing.TryGetValue(ns, out var cached) && IsFresh(cached.Expires))
        {
            return cached.Routes;
        }

        var writesBefore = writes.GetValueOrDefault(ns);
        var routes = ApiRouteTable.Build(await ListAsync(ns, cancellationToken));
        if (writes.GetValueOrDefault(ns) == writesBefore)
        {
            // Not cached when a write through this controller happened meanwhile: the list may predate it.
            routing[ns] = (routes, FreshUntil());
        }

        return routes;
    }

    /// <summary>Writes (or, with a null document, deletes) an API and refreshes the namespace's routes.</summary>
    /// <exception cref="DocumentConflictException">It changed since it was read.</exception>
    public async Task SaveAsync(string ns, string basePath, GatewayApi? api, string? revision, CancellationToken cancellationToken)
    {
        try
        {
            if (api is null)
            {
                await DeleteAsync(DocId(ns, basePath), revision!, cancellationToken);
            }
            else
            {
                await PutAsync(api, revision, cancellationToken);
            }
        }
        finally
        {
            writes.AddOrUpdate(ns, 1, (_, count) => count + 1);
            routing.TryRemove(ns, out _);
        }
    }

    protected override (string Namespace, string Name, long Updated) Describe(GatewayApi entity) =>
        (entity.Namespace, entity.BasePath + "#api", entity.Updated);
}
