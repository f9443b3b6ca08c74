using System.Text.Json.Serialization;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// A package or a package binding as OpenWhisk stores and returns it: <c>{namespace, name, version, publish,
/// binding, parameters, annotations, updated}</c>, where <c>binding</c> is <c>{}</c> for a package.
/// </summary>
public sealed record WhiskPackage
{
    /// <summary>Gets the namespace that owns the package.</summary>
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>Gets the package's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the version, bumped on every update.</summary>
    [JsonPropertyName("version")]
    public SemVer Version { get; init; } = SemVer.Initial;

    /// <summary>Gets a value indicating whether other namespaces may read the package and use its actions.</summary>
    [JsonPropertyName("publish")]
    public bool Publish { get; init; }

    /// <summary>Gets the package a binding refers to; null for a package.</summary>
    [JsonPropertyName("binding")]
    [JsonConverter(typeof(OptionalBindingJsonConverter))]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public PackageBinding? Binding { get; init; }

    /// <summary>Gets the parameters every action of the package receives.</summary>
    [JsonPropertyName("parameters")]
    public IReadOnlyList<KeyValue> Parameters { get; init; } = [];

    /// <summary>Gets the annotations.</summary>
    [JsonPropertyName("annotations")]
    public IReadOnlyList<KeyValue> Annotations { get; init; } = [];

    /// <summary>Gets the time of the last update, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyName("updated")]
    public long Updated { get; init; }

    /// <summary>Gets the path of the package's actions, <c>ns/pkg</c>.</summary>
    [JsonIgnore]
    public string FullPath => Namespace + "/" + Name;
}
