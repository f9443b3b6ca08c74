using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Activations;

/// <summary>
/// The outcome of an activation as stored: <c>{"statusCode": 0..3, "result": {...}, "size": n}</c>. Error results
/// always have the shape <c>{"error": ...}</c>.
/// </summary>
public sealed record ActivationResponse
{
    /// <summary>Gets the status code: 0 success, 1 application error, 2 developer error, 3 whisk error.</summary>
    [JsonPropertyName("statusCode")]
    public required ActivationStatus StatusCode { get; init; }

    /// <summary>Gets the result object (or array), if any.</summary>
    [JsonPropertyName("result")]
    public JsonElement? Result { get; init; }

    /// <summary>Gets the length of the raw response text, when it came from the action.</summary>
    [JsonPropertyName("size")]
    public int? Size { get; init; }

    /// <summary>Gets a value indicating whether the activation succeeded.</summary>
    [JsonIgnore]
    public bool IsSuccess => StatusCode == ActivationStatus.Success;

    /// <summary>Gets a value indicating whether the platform failed.</summary>
    [JsonIgnore]
    public bool IsWhiskError => StatusCode == ActivationStatus.WhiskError;

    /// <summary>Creates a success with the action's result.</summary>
    /// <param name="result">The result object or array.</param>
    /// <param name="size">The length of the raw response.</param>
    /// <returns>The response.</returns>
    public static ActivationResponse Success(JsonElement? result, int? size = null) =>
        new() { StatusCode = ActivationStatus.Success, Result = result, Size = size };

    /// <summary>Creates an application error whose result is <c>{"error": error}</c>.</summary>
    /// <param name="error">The error value the action returned.</param>
    /// <param name="size">The length of the raw response.</param>
    /// <returns>The response.</returns>
    public static ActivationResponse ApplicationError(JsonElement error, int? size = null) =>
        new() { StatusCode = ActivationStatus.ApplicationError, Result = ErrorObject(error), Size = size };

    /// <summary>Creates an application error with a message.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The response.</returns>
    public static ActivationResponse ApplicationError(string message) =>
        new() { StatusCode = ActivationStatus.ApplicationError, Result = ErrorObject(message) };

    /// <summary>Creates a developer error with a message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="size">The length of the raw response, if one came back.</param>
    /// <returns>The response.</returns>
    public static ActivationResponse DeveloperError(string message, int? size = null) =>
        new() { StatusCode = ActivationStatus.DeveloperError, Result = ErrorObject(message), Size = size };

    /// <summary>Creates a developer error whose error value came from the action's proxy.</summary>
    /// <param name="error">The error value.</param>
    /// <param name="size">The length of the raw response.</param>
    /// <returns>The response.</returns>
    public static ActivationResponse DeveloperError(JsonElement error, int? size = null) =>
        new() { StatusCode = ActivationStatus.DeveloperError, Result = ErrorObject(error), Size = size };

    /// <summary>Creates a whisk (platform) error with a message.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The response.</returns>
    public static ActivationResponse WhiskError(string message) =>
        new() { StatusCode = ActivationStatus.WhiskError, Result = ErrorObject(message) };

    private static JsonElement ErrorObject(string message) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["error"] = message }, OpenWhiskJson.Options);

    private static JsonElement ErrorObject(JsonElement error) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, JsonElement> { ["error"] = error }, OpenWhiskJson.Options);
}
