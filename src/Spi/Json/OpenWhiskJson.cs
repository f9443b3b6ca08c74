using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenWhisk.Spi;

/// <summary>The JSON settings that produce OpenWhisk's wire shapes for the SPI data types.</summary>
public static class OpenWhiskJson
{
    /// <summary>
    /// Gets the shared, read-only serializer options: property names as declared on the types, nulls omitted,
    /// no indentation, and relaxed escaping so that code and results keep their characters.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serializes a document a store is about to write, with <see cref="Options"/>.</summary>
    /// <typeparam name="T">The document's type.</typeparam>
    /// <param name="document">The document.</param>
    /// <returns>Its JSON text.</returns>
    /// <exception cref="Stores.DocumentRefusedException">It holds what JSON text cannot (nesting beyond the serializer's depth, a lone surrogate).</exception>
    public static string SerializeDocument<T>(T document) =>
        Refusing(document, static d => JsonSerializer.Serialize(d, Options));

    /// <summary>
    /// Serializes a document a store is about to write, with <see cref="Options"/>, as UTF-8: what a store that keeps
    /// UTF-8 text (SQLite, a file) writes without a string in between.
    /// </summary>
    /// <typeparam name="T">The document's type.</typeparam>
    /// <param name="document">The document.</param>
    /// <returns>Its JSON text in UTF-8.</returns>
    /// <exception cref="Stores.DocumentRefusedException">It holds what JSON text cannot (nesting beyond the serializer's depth, a lone surrogate).</exception>
    public static byte[] SerializeDocumentToUtf8Bytes<T>(T document) =>
        Refusing(document, static d => JsonSerializer.SerializeToUtf8Bytes(d, Options));

    private static TResult Refusing<T, TResult>(T document, Func<T, TResult> serialize)
    {
        try
        {
            return serialize(document);
        }
        catch (JsonException exception)
        {
            throw new Stores.DocumentRefusedException("The document cannot be written as JSON: " + exception.Message, exception);
        }
        catch (InvalidOperationException exception)
        {
            throw new Stores.DocumentRefusedException("The document cannot be written as JSON: " + exception.Message, exception);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            PropertyNameCaseInsensitive = false,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
