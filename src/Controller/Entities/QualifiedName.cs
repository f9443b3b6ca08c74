namespace OpenWhisk.Controller.Entities;

/// <summary>
/// A fully qualified entity name: a namespace path (<c>ns</c> or <c>ns/pkg</c>) and a name. Written with a leading
/// slash (<c>/ns/pkg/name</c>) in sequence components and records, without one as a document id.
/// </summary>
/// <param name="Path">The namespace path.</param>
/// <param name="Name">The entity name.</param>
public sealed record QualifiedName(string Path, string Name)
{
    /// <summary>Gets the root namespace.</summary>
    public string Namespace
    {
        get
        {
            var slash = Path.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? Path : Path[..slash];
        }
    }

    /// <summary>Gets the package part of the path, or null for an entity in the default package.</summary>
    public string? Package
    {
        get
        {
            var slash = Path.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? null : Path[(slash + 1)..];
        }
    }

    /// <summary>Gets the document id, <c>ns[/pkg]/name</c>.</summary>
    public string DocId => Path + "/" + Name;

    /// <summary>Gets the name with a leading slash, <c>/ns[/pkg]/name</c>.</summary>
    public string WithLeadingSlash => "/" + DocId;

    /// <summary>
    /// Parses a path of two or more valid segments (<c>/ns/name</c>, <c>ns/pkg/name</c>; slashes at the ends and
    /// doubled are ignored, as OpenWhisk's <c>EntityPath</c> does): the last segment is the name.
    /// </summary>
    /// <param name="text">The path.</param>
    /// <param name="name">The parsed name.</param>
    /// <returns>False when the text has fewer than two segments or an invalid one.</returns>
    public static bool TryParse(string? text, out QualifiedName name)
    {
        name = null!;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || !segments.All(EntityNames.IsValid))
        {
            return false;
        }

        name = new QualifiedName(string.Join('/', segments[..^1]), segments[^1]);
        return true;
    }

    /// <summary>
    /// Resolves an action reference as OpenWhisk does for a conductor's <c>action</c> field: <c>name</c> and
    /// <c>pkg/name</c> are in <paramref name="ns"/>; <c>/ns/name</c>, <c>/ns/pkg/name</c> and <c>ns/pkg/name</c> are
    /// fully qualified; <c>_</c> is <paramref name="ns"/>.
    /// </summary>
    /// <param name="text">The reference.</param>
    /// <param name="ns">The caller's namespace.</param>
    /// <returns>The name, or null when the reference is not a valid one.</returns>
    public static QualifiedName? ResolveReference(string text, string ns)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var leadingSlash = text.StartsWith('/');
        if (segments.Length is < 1 or > 3 || (leadingSlash && segments.Length == 1) || !segments.All(EntityNames.IsValid))
        {
            return null;
        }

        var full = leadingSlash || segments.Length == 3 ? segments : [ns, .. segments];
        return new QualifiedName(string.Join('/', full[..^1]), full[^1]).ResolveDefault(ns);
    }

    /// <summary>Replaces the default namespace <c>_</c> with <paramref name="ns"/>.</summary>
    /// <param name="ns">The caller's namespace.</param>
    /// <returns>The resolved name.</returns>
    public QualifiedName ResolveDefault(string ns) =>
        Namespace == Api.Namespaces.Default ? this with { Path = ns + Path[1..] } : this;

    public override string ToString() => WithLeadingSlash;
}
