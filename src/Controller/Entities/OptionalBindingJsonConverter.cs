using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Entities;

/// <summary>Writes a package's binding as OpenWhisk does: <c>{}</c> for a package, <c>{namespace, name}</c> for a binding.</summary>
public sealed class OptionalBindingJsonConverter : JsonConverter<PackageBinding?>
{
    public override bool HandleNull => true;

    public override PackageBinding? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A package binding must be an object.");
        }

        var ns = element.TryGetProperty("namespace", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        var name = element.TryGetProperty("name", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return ns is null && name is null ? null : new PackageBinding(ns ?? string.Empty, name ?? string.Empty);
    }

    public override void Write(Utf8JsonWriter writer, PackageBinding? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        if (value is not null)
        {
            writer.WriteString("namespace", value.Namespace);
            writer.WriteString("name", value.Name);
        }

        writer.WriteEndObject();
    }
}
