using System.Text.Json;

namespace OpenWhisk.Spi.Stores;

/// <summary>
/// An entity (action, package, trigger or rule) as the artifact store keeps it: a JSON body plus the columns
/// that the API queries on.
/// </summary>
public sealed record EntityDocument
{
    /// <summary>Gets the document id, <c>namespace[/package]/name</c>.</summary>
    public required string DocId { get; init; }

    /// <summary>Gets the entity type, for example <c>action</c> (see <see cref="EntityTypes"/>).</summary>
    public required string EntityType { get; init; }

    /// <summary>Gets the namespace path, <c>namespace</c> or <c>namespace/package</c>.</summary>
    public required string Namespace { get; init; }

    /// <summary>Gets the entity name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets when the entity was last written, in milliseconds since the Unix epoch.</summary>
    public required long Updated { get; init; }

    /// <summary>
    /// Gets the revision. On a put, null means "create" and otherwise must equal the stored revision; the store
    /// returns the document with its new revision.
    /// </summary>
    public string? Revision { get; init; }

    /// <summary>Gets the entity's JSON.</summary>
    public required JsonElement Body { get; init; }

    /// <summary>Gets the root namespace (the first segment of <see cref="Namespace"/>).</summary>
    public string RootNamespace
    {
        get
        {
            var slash = Namespace.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? Namespace : Namespace[..slash];
        }
    }
}
