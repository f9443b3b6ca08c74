using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Routes;

/// <summary>One API of a namespace (what <c>wsk api create</c> builds): a base path and its swagger document.</summary>
public sealed record GatewayApi
{
    /// <summary>Gets the namespace that owns the API.</summary>
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>Gets the base path, for example <c>/club</c>.</summary>
    [JsonPropertyName("basePath")]
    public required string BasePath { get; init; }

    /// <summary>Gets the swagger 2.0 document (OpenWhisk's <c>open_api_doc</c>): paths, operations and their actions.</summary>
    [JsonPropertyName("swagger")]
    public required JsonElement Swagger { get; init; }

    /// <summary>Gets when the API was last written, in epoch milliseconds.</summary>
    [JsonPropertyName("updated")]
    public long Updated { get; init; }

    /// <summary>Gets the API's name (the swagger title).</summary>
    [JsonIgnore]
    public string? Title =>
        Swagger.ValueKind == JsonValueKind.Object && Swagger.TryGetProperty("info", out var info) && info.ValueKind == JsonValueKind.Object
        && info.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
            ? title.GetString()
            : null;
}
