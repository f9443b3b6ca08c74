using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// What <c>/namespaces/{ns}/actions/{path}</c> names: the namespace's actions (empty path), a package's actions
/// (<c>pkg/</c>), or one action (<c>name</c> or <c>pkg/name</c>). Other shapes are not found.
/// </summary>
/// <param name="Namespace">The namespace, <c>_</c> resolved.</param>
/// <param name="Package">The package of a package listing, else null.</param>
/// <param name="Action">The action, else null.</param>
public sealed record ActionPath(string Namespace, string? Package, QualifiedName? Action)
{
    public static ActionPath Parse(string ns, string? path, Identity user)
    {
        var namespaceName = Namespaces.Name(ns, user);
        EntityNames.Validate(namespaceName);
        if (string.IsNullOrEmpty(path))
        {
            return new ActionPath(namespaceName, null, null);
        }

        var segments = path.Split('/');
        foreach (var segment in segments.Where(s => s.Length > 0))
        {
            EntityNames.Validate(segment);
        }

        return segments switch
        {
            [var name] => new ActionPath(namespaceName, null, new QualifiedName(namespaceName, name)),
            [var package, ""] => new ActionPath(namespaceName, package, null),
            [var package, var name] when name.Length > 0 => new ActionPath(namespaceName, package, new QualifiedName(namespaceName + "/" + package, name)),
            _ => throw ApiException.NotFound(),
        };
    }
}
