using System.Text.Json.Serialization;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// A rule as OpenWhisk stores it: <c>{namespace, name, version, publish, annotations, trigger: {path, name},
/// action: {path, name}, updated}</c>. Its status lives on the trigger's link to it; responses add it.
/// </summary>
public sealed record WhiskRule
{
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("version")]
    public SemVer Version { get; init; } = SemVer.Initial;

    [JsonPropertyName("publish")]
    public bool Publish { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyList<KeyValue> Annotations { get; init; } = [];

    [JsonPropertyName("trigger")]
    public required EntityReference Trigger { get; init; }

    [JsonPropertyName("action")]
    public required EntityReference Action { get; init; }

    [JsonPropertyName("updated")]
    public long Updated { get; init; }

    /// <summary>Gets the key of the rule in its trigger's <c>rules</c> map, <c>ns/rule</c>.</summary>
    [JsonIgnore]
    public string FullName => Namespace + "/" + Name;
}
