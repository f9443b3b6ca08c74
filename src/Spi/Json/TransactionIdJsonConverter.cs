using System.Text.Json;
using System.Text.Json.Serialization;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Json;

/// <summary>Reads and writes <see cref="TransactionId"/> as <c>["id", startEpochMs]</c>, ignoring extra elements.</summary>
public sealed class TransactionIdJsonConverter : JsonConverter<TransactionId>
{
    /// <inheritdoc />
    public override TransactionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A transaction id must be a JSON array.");
        }

        reader.Read();
        var id = reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException("A transaction id starts with a string.");
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            return new TransactionId(id, 0);
        }

        var start = reader.TokenType == JsonTokenType.Number ? reader.GetInt64() : 0L;
        reader.Skip();

        // Later elements (extra logging flag, parent transaction) are not used here.
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
        }

        return new TransactionId(id, start);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TransactionId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        writer.WriteStringValue(value.Id);
        writer.WriteNumberValue(value.StartEpochMs);
        writer.WriteEndArray();
    }
}
