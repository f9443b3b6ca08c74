using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>An API key in OpenWhisk's <c>uuid:key</c> form, serialized as <c>{"api_key": "uuid:key"}</c>.</summary>
/// <param name="ApiKey">The key, <c>uuid:secret</c>.</param>
public sealed record AuthKey([property: JsonPropertyName("api_key")] string ApiKey)
{
    /// <summary>Gets the UUID part of the key.</summary>
    [JsonIgnore]
    public string Uuid => ApiKey.Split(':', 2)[0];

    /// <summary>Gets the secret part of the key.</summary>
    [JsonIgnore]
    public string Secret => ApiKey.Split(':', 2) is [_, var secret] ? secret : string.Empty;

    /// <inheritdoc />
    public override string ToString() => Uuid + ":***";
}
