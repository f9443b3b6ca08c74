using System.Text.Json;
using System.Text.Json.Serialization;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Spi.Json;

/// <summary>
/// Reads and writes <see cref="Acknowledgement"/> in OpenWhisk's shapes. A message with <c>instance</c> and
/// <c>response</c> is combined, one with only <c>instance</c> is a completion, anything else a result.
/// </summary>
public sealed class AcknowledgementJsonConverter : JsonConverter<Acknowledgement>
{
    /// <inheritdoc />
    public override Acknowledgement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An acknowledgement must be a JSON object.");
        }

        var transactionId = root.TryGetProperty("transid", out var tid)
            ? tid.Deserialize<TransactionId>(options)
            : throw new JsonException("An acknowledgement needs 'transid'.");
        var hasInstance = root.TryGetProperty("instance", out var instanceElement);
        var hasResponse = root.TryGetProperty("response", out var responseElement);
        var isSystemError = root.TryGetProperty("isSystemError", out var systemError) && systemError.ValueKind == JsonValueKind.True;
        var invoker = hasInstance ? instanceElement.Deserialize<InvokerInstanceId>(options) : null;

        if (!hasResponse)
        {
            var id = root.TryGetProperty("activationId", out var idElement)
                ? idElement.GetString()!
                : throw new JsonException("A completion needs 'activationId'.");
            return new Acknowledgement
            {
                Kind = AcknowledgementKind.Completion,
                TransactionId = transactionId,
                ActivationId = id,
                IsSystemError = isSystemError,
                Invoker = invoker,
            };
        }

        ActivationRecord? activation = null;
        string activationId;
        if (responseElement.ValueKind == JsonValueKind.String)
        {
            activationId = responseElement.GetString()!;
        }
        else
        {
            activation = responseElement.Deserialize<ActivationRecord>(options) ?? throw new JsonException("Empty activation.");
            activationId = activation.ActivationId;
        }

        return new Acknowledgement
        {
            Kind = hasInstance ? AcknowledgementKind.CombinedCompletionAndResult : AcknowledgementKind.Result,
            TransactionId = transactionId,
            ActivationId = activationId,
            Activation = activation,
            IsSystemError = isSystemError,
            Invoker = invoker,
        };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Acknowledgement value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WritePropertyName("transid");
        JsonSerializer.Serialize(writer, value.TransactionId, options);
        if (value.Kind == AcknowledgementKind.Completion)
        {
            writer.WriteString("activationId", value.ActivationId);
        }
        else
        {
            writer.WritePropertyName("response");
            if (value.Activation is null)
            {
                writer.WriteStringValue(value.ActivationId);
            }
            else
            {
                JsonSerializer.Serialize(writer, value.Activation, options);
            }
        }

        if (value.Kind != AcknowledgementKind.Result)
        {
            writer.WriteBoolean("isSystemError", value.IsSystemError);
            writer.WritePropertyName("instance");
            JsonSerializer.Serialize(writer, value.Invoker, options);
        }

        writer.WriteEndObject();
    }
}
