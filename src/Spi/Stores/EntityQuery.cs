namespace OpenWhisk.Spi.Stores;

/// <summary>A listing of entities, newest update first.</summary>
public sealed record EntityQuery
{
    /// <summary>Gets the entity type to list.</summary>
    public required string EntityType { get; init; }

    /// <summary>Gets the namespace path to list (ignored with <see cref="AllNamespaces"/>).</summary>
    public required string Namespace { get; init; }

    /// <summary>
    /// Gets a value indicating whether entities of every namespace are listed (for the platform's own bookkeeping,
    /// such as the alarms it schedules), not only those of <see cref="Namespace"/>.
    /// </summary>
    public bool AllNamespaces { get; init; }

    /// <summary>
    /// Gets a value indicating whether entities in packages below <see cref="Namespace"/> are included
    /// (OpenWhisk lists packaged actions with the namespace's own).
    /// </summary>
    public bool IncludeNested { get; init; }

    /// <summary>
    /// Gets a value indicating whether only published entities are listed: those whose JSON body has
    /// <c>"publish": true</c> (another namespace lists only the public packages of a namespace).
    /// </summary>
    public bool PublicOnly { get; init; }

    /// <summary>
    /// Gets a value indicating whether the listed bodies leave out an action's code (<c>exec.code</c>), keeping the
    /// rest of <c>exec</c> (kind, binary, image, main, components). A listing never shows code, and an action's code
    /// may be tens of megabytes: a store must leave it out before it reads a page into memory (the conformance kit
    /// checks that it is gone).
    /// </summary>
    public bool WithoutCode { get; init; }

    /// <summary>Gets how many entities to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Gets the most entities to return.</summary>
    public int Limit { get; init; } = 30;
}
