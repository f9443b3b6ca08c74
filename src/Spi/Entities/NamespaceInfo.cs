using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>A namespace: its name and its UUID (the user part of its API key).</summary>
/// <param name="Name">The namespace name, for example <c>guest</c>.</param>
/// <param name="Uuid">The namespace UUID.</param>
public sealed record NamespaceInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("uuid")] string Uuid);
