using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entitlement;

/// <summary>
/// OpenWhisk's implicit rights: a namespace's owner may do everything in it; another namespace may read a published
/// package and read and invoke the actions in it, and nothing else. A binding is readable only by its owner and only
/// when the package it binds is readable too. Refusals are 403 naming the resource; a package the caller owns but that
/// does not exist is 404, so that nothing leaks about other namespaces.
/// </summary>
public sealed class EntitlementChecker(PackageStore packages)
{
    private const int MaxBindingDepth = 4;

    /// <summary>Tells whether the caller owns the namespace a path starts with.</summary>
    public static bool Owns(Identity user, string namespacePath)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(namespacePath);
        var slash = namespacePath.IndexOf('/', StringComparison.Ordinal);
        var root = slash < 0 ? namespacePath : namespacePath[..slash];
        return string.Equals(root, user.Namespace.Name, StringComparison.Ordinal);
    }

    /// <summary>The 403 for a resource, named <c>ns[/pkg][/name]</c>.</summary>
    public static ApiException Forbidden(string resource) => new(403, ApiMessages.NotAuthorizedFor(resource));

    /// <summary>Checks a right on an action (<paramref name="action"/> already has <c>_</c> resolved).</summary>
    public async Task CheckActionAsync(Identity user, Privilege right, QualifiedName action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        RequireRight(user, right, action.DocId);
        if (action.Package is { } package && right is Privilege.Read or Privilege.Activate)
        {
            // Sharing is per package: the right to read the package (or binding) is the right to use its actions.
            await CheckPackageAsync(user, Privilege.Read, action.Namespace, package, cancellationToken);
            return;
        }

        if (!Owns(user, action.Path))
        {
            throw Forbidden(action.DocId);
        }
    }

    /// <summary>Checks a right on the package (or binding) <c>ns/name</c>.</summary>
    public async Task CheckPackageAsync(Identity user, Privilege right, string ns, string name, CancellationToken cancellationToken)
    {
        var docId = ns + "/" + name;
        RequireRight(user, right, docId);
        var owner = Owns(user, ns);
        if (right != Privilege.Read)
        {
            if (!owner || right == Privilege.Activate)
            {
                throw Forbidden(docId);
            }

            return;
        }

        if (!await CanReadPackageAsync(user, owner, docId, 0, cancellationToken))
        {
            throw Forbidden(docId);
        }
    }

    private static void RequireRight(Identity user, Privilege right, string resource)
    {
        ArgumentNullException.ThrowIfNull(user);
        var name = right.ToString().ToUpperInvariant();
        if (!user.Rights.Contains(name, StringComparer.Ordinal))
        {
            throw Forbidden(resource);
        }
    }

    private async Task<bool> CanReadPackageAsync(Identity user, bool owner, string docId, int depth, CancellationToken cancellationToken)
    {
        Stored<WhiskPackage>? stored;
        try
        {
            stored = await packages.GetCachedAsync(docId, cancellationToken);
        }
        catch (ApiException conformance) when (conformance.Status == 409 && !owner)
        {
            return false;
        }

        if (stored is null)
        {
            return owner ? throw ApiException.NotFound() : false;
        }

        var package = stored.Entity;
        if (package.Binding is not { } binding)
        {
            return package.Publish || owner;
        }

        if (!owner)
        {
            return false;
        }

        if (binding.DocId == docId || depth >= MaxBindingDepth)
        {
            throw new ApiException(422, ApiMessages.PackageBindingCircularReference("/" + binding.DocId));
        }

        return await CanReadPackageAsync(user, Owns(user, binding.Namespace), binding.DocId, depth + 1, cancellationToken);
    }
}
