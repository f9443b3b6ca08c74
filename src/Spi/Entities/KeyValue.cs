using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Entities;

/// <summary>
/// One parameter or annotation of an entity: a key and a JSON value, serialized as
/// <c>{"key": ..., "value": ...}</c> (parameters may add <c>"init": true</c>).
/// </summary>
/// <param name="Key">The name.</param>
/// <param name="Value">The JSON value.</param>
/// <param name="Init">Whether a parameter is passed to <c>/init</c> as an environment variable instead of to <c>/run</c>.</param>
public sealed record KeyValue(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] JsonElement Value,
    [property: JsonPropertyName("init"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Init = false)
{
    /// <summary>Creates a key/value pair from any value that serializes to JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="key">The name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The pair.</returns>
    public static KeyValue Of<T>(string key, T value) =>
        new(key, JsonSerializer.SerializeToElement(value, OpenWhiskJson.Options));
}
