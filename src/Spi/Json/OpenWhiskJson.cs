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
