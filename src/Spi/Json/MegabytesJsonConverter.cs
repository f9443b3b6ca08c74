using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Json;

/// <summary>
/// Reads OpenWhisk's byte-size text (<c>"2048 MB"</c>, <c>"1 GB"</c>, <c>"512 KB"</c>, <c>"100 B"</c>) as whole
/// megabytes and writes <c>"&lt;n&gt; MB"</c>.
/// </summary>
public sealed class MegabytesJsonConverter : JsonConverter<int>
{
    /// <inheritdoc />
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetInt32();
        }

        var text = reader.GetString() ?? throw new JsonException("A byte size must be a string.");
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new JsonException($"'{text}' is not a byte size.");
        }

        var unit = parts.Length > 1 ? parts[1].ToUpperInvariant() : "B";
        long bytes = unit switch
        {
            "B" => number,
            "KB" or "K" => number * 1024,
            "MB" or "M" => number * 1024 * 1024,
            "GB" or "G" => number * 1024 * 1024 * 1024,
            _ => throw new JsonException($"'{text}' has an unknown unit."),
        };
        return checked((int)(bytes / (1024 * 1024)));
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{value} MB"));
    }
}
