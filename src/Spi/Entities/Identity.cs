using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>
/// An authenticated caller: <c>{subject, namespace: {name, uuid}, authkey: {api_key}, rights, limits}</c>.
/// </summary>
public sealed record Identity
{
    /// <summary>Gets the subject (the user) that owns the namespace.</summary>
    [JsonPropertyName("subject")]
    public required string Subject { get; init; }

    /// <summary>Gets the namespace the caller acts in.</summary>
    [JsonPropertyName("namespace")]
    public required NamespaceInfo Namespace { get; init; }

    /// <summary>Gets the caller's key.</summary>
    [JsonPropertyName("authkey")]
    public required AuthKey AuthKey { get; init; }

    /// <summary>Gets the caller's rights: <c>READ</c>, <c>PUT</c>, <c>DELETE</c>, <c>ACTIVATE</c>.</summary>
    [JsonPropertyName("rights")]
    public IReadOnlyList<string> Rights { get; init; } = ["READ", "PUT", "DELETE", "ACTIVATE"];

    /// <summary>Gets the namespace's own limits; unset values fall back to the system's.</summary>
    [JsonPropertyName("limits")]
    public UserLimits Limits { get; init; } = new();
}
