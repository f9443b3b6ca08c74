using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Api;

/// <summary>The namespace of a URL: <c>_</c> is the caller's own.</summary>
public static class Namespaces
{
    public const string Default = "_";

    /// <summary>The namespace a URL names, with <c>_</c> resolved; entitlement is checked by the caller.</summary>
    public static string Name(string ns, Identity user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ns == Default ? user.Namespace.Name : ns;
    }

    /// <summary>The caller's own namespace; another namespace is forbidden (activations, limits, collections only owners list).</summary>
    public static string Resolve(string ns, Identity user, string? resource = null)
    {
        var name = Name(ns, user);
        if (name == user.Namespace.Name)
        {
            return name;
        }

        throw EntitlementChecker.Forbidden(resource is null ? ns : ns + "/" + resource);
    }
}
