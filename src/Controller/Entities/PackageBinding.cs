using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Entities;

/// <summary>What a package binding refers to: <c>{"namespace": "ns", "name": "pkg"}</c>.</summary>
/// <param name="Namespace">The namespace of the bound package.</param>
/// <param name="Name">The bound package's name.</param>
public sealed record PackageBinding(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name)
{
    /// <summary>Gets the bound package's document id, <c>ns/pkg</c>.</summary>
    [JsonIgnore]
    public string DocId => Namespace + "/" + Name;
}
