using System.Text.Json;
using System.Text.Json.Serialization;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Json;

/// <summary>Reads and writes <see cref="SemVer"/> as its <c>"0.0.1"</c> string form.</summary>
public sealed class SemVerJsonConverter : JsonConverter<SemVer>
{
    /// <inheritdoc />
    public override SemVer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return SemVer.TryParse(text, out var version)
            ? version
            : throw new JsonException($"'{text}' is not a semantic version.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SemVer value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
