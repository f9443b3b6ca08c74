using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Api;

/// <summary>Resolves the namespace of a URL: <c>_</c> is the caller's own; another namespace is forbidden.</summary>
public static class Namespaces
{
    public const string Default = "_";

    public static string Resolve(string ns, Identity user, string? resource = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (ns == Default || ns == user.Namespace.Name)
        {
            return user.Namespace.Name;
        }

        throw new ApiException(403, ApiMessages.NotAuthorizedFor(resource is null ? ns : ns + "/" + resource));
    }
}
