using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>
/// An action as OpenWhisk stores and returns it: <c>{namespace, name, version, publish, exec, parameters,
/// limits, annotations, updated}</c>.
/// </summary>
public sealed record WhiskAction
{
    /// <summary>Gets the namespace path: the namespace name, or <c>namespace/package</c>.</summary>
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>Gets the action's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the version, bumped on every update.</summary>
    [JsonPropertyName("version")]
    public SemVer Version { get; init; } = SemVer.Initial;

    /// <summary>Gets a value indicating whether other namespaces may see the action.</summary>
    [JsonPropertyName("publish")]
    public bool Publish { get; init; }

    /// <summary>Gets what the action runs.</summary>
    [JsonPropertyName("exec")]
    public required ActionExec Exec { get; init; }

    /// <summary>Gets the default parameters.</summary>
    [JsonPropertyName("parameters")]
    public IReadOnlyList<KeyValue> Parameters { get; init; } = [];

    /// <summary>Gets the limits.</summary>
    [JsonPropertyName("limits")]
    public ActionLimits Limits { get; init; } = ActionLimits.Default;

    /// <summary>Gets the annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyList<KeyValue> Annotations { get; init; } = [];

    /// <summary>Gets the time of the last update, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyName("updated")]
    public long Updated { get; init; }

    /// <summary>Gets the fully qualified name without version, for example <c>guest/pkg/hello</c>.</summary>
    [JsonIgnore]
    public string FullyQualifiedName => Namespace + "/" + Name;

    /// <summary>Gets the root namespace (the part of <see cref="Namespace"/> before any package).</summary>
    [JsonIgnore]
    public string RootNamespace
    {
        get
        {
            var slash = Namespace.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? Namespace : Namespace[..slash];
        }
    }
}
