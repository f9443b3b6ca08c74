using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// The API's view of activation records: the extended form (the response carries <c>status</c> and
/// <c>success</c> instead of <c>statusCode</c>) and the list summary.
/// </summary>
public static class ActivationViews
{
    public static void WriteExtended(Utf8JsonWriter writer, ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        WriteHeader(writer, record);
        writer.WritePropertyName("response");
        WriteResponse(writer, record.Response);
        writer.WritePropertyName("logs");
        JsonSerializer.Serialize(writer, record.Logs, OpenWhiskJson.Options);
        writer.WriteEndObject();
    }

    public static void WriteSummary(Utf8JsonWriter writer, ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        WriteHeader(writer, record);
        writer.WriteNumber("statusCode", (int)record.Response.StatusCode);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>{"result", "size"?, "status", "success"}</c>.</summary>
    public static void WriteResponse(Utf8JsonWriter writer, ActivationResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WritePropertyName("result");
        if (response.Result is { } result)
        {
            result.WriteTo(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }

        if (response.Size is { } size)
        {
            writer.WriteNumber("size", size);
        }

        writer.WriteString("status", response.StatusCode.ToStatusText());
        writer.WriteBoolean("success", response.IsSuccess);
        writer.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter writer, ActivationRecord record)
    {
        writer.WriteString("namespace", record.Namespace);
        writer.WriteString("name", record.Name);
        writer.WriteString("version", record.Version.ToString());
        writer.WriteString("subject", record.Subject);
        writer.WriteString("activationId", record.ActivationId);
        writer.WriteNumber("start", record.Start);
        if (record.End != 0)
        {
            writer.WriteNumber("end", record.End);
            writer.WriteNumber("duration", record.Duration ?? (record.End - record.Start));
        }

        if (record.Cause is not null)
        {
            writer.WriteString("cause", record.Cause);
        }

        writer.WriteBoolean("publish", record.Publish);
        writer.WritePropertyName("annotations");
        JsonSerializer.Serialize(writer, record.Annotations, OpenWhiskJson.Options);
    }
}
