using OpenWhisk.Controller.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Finds an action by the name a caller used (OpenWhisk's <c>resolveActionAndMergeParameters</c>): an action in a
/// binding is the bound package's action, with the package's parameters, then the binding's, then its own.
/// </summary>
public sealed class ActionResolver(ActionStore actions, PackageStore packages)
{
    /// <summary>Resolves <paramref name="name"/>; null when the action, its package or the bound package does not exist.</summary>
    /// <param name="name">The action name, <c>_</c> resolved.</param>
    /// <param name="cached">Whether recently read entities may be used (invocations), or the store is asked (API reads).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The action, or null.</returns>
    /// <exception cref="Api.ApiException">409 when a name holds another type of entity.</exception>
    public async Task<ResolvedAction?> ResolveAsync(QualifiedName name, bool cached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Package is not { } packageName)
        {
            var plain = await ReadAsync(actions, name.DocId, cached, cancellationToken);
            return plain is null ? null : new ResolvedAction(plain.Entity, plain.Revision, null);
        }

        if (packageName.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var package = (await ReadAsync(packages, name.Path, cached, cancellationToken))?.Entity;
        if (package is null)
        {
            return null;
        }

        var parameters = package.Parameters;
        string? binding = null;
        if (package.Binding is { } bound)
        {
            var target = (await ReadAsync(packages, bound.DocId, cached, cancellationToken))?.Entity;
            if (target is null || target.Binding is not null)
            {
                return null;
            }

            parameters = EntityFields.Merge(target.Parameters, package.Parameters);
            binding = package.FullPath;
            package = target;
        }

        var action = await ReadAsync(actions, package.FullPath + "/" + name.Name, cached, cancellationToken);
        return action is null
            ? null
            : new ResolvedAction(action.Entity with { Parameters = EntityFields.Merge(parameters, action.Entity.Parameters) }, action.Revision, binding);
    }

    private static async ValueTask<Stored<T>?> ReadAsync<T>(EntityCollection<T> collection, string docId, bool cached, CancellationToken cancellationToken)
        where T : class =>
        cached ? await collection.GetCachedAsync(docId, cancellationToken) : await collection.GetAsync(docId, cancellationToken);
}
