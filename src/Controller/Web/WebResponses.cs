using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenWhisk.Spi;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// Turns a web action's result into the response its extension asks for, with OpenWhisk's rules: <c>.json</c> needs an
/// object or array; <c>.html</c>, <c>.svg</c> and <c>.text</c> take the result's <c>body</c> (or <c>html</c>, <c>svg</c>,
/// <c>text</c>) field; <c>.http</c> reads <c>statusCode</c>, <c>headers</c> and <c>body</c> (<see cref="WebHttpResults"/>).
/// </summary>
public static class WebResponses
{
    private static readonly KeyValuePair<string, string>[] NoHeaders = [];

    /// <summary>The response for <paramref name="result"/>.</summary>
    /// <exception cref="WebResultException">The result does not fit the extension (400), or lacks the field it needs (404).</exception>
    public static WebResponse From(JsonElement result, WebExtension extension) => extension switch
    {
        WebExtension.Json => result.ValueKind is JsonValueKind.Object or JsonValueKind.Array
            ? new WebResponse(200, NoHeaders, "application/json", Json(result, indented: false))
            : throw new WebResultException(400, WebMessages.InvalidMedia("application/json")),
        WebExtension.Html => Markup(result, "html", "text/html", "text/html; charset=UTF-8"),
        WebExtension.Svg => Markup(result, "svg", "image/svg+xml", "image/svg+xml"),
        WebExtension.Text => Text(result),
        _ => WebHttpResults.From(result),
    };

    /// <summary>The JSON text of a value, compact or indented.</summary>
    public static ReadOnlyMemory<byte> Json(JsonElement value, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder, Indented = indented }))
        {
            value.WriteTo(writer);
        }

        return buffer.WrittenMemory;
    }

    private static WebResponse Markup(JsonElement result, string field, string mediaType, string contentType)
    {
        var value = result.ValueKind == JsonValueKind.Object ? Field(result, "body") ?? Field(result, field) : result;
        return value is { ValueKind: JsonValueKind.String } text
            ? new WebResponse(200, NoHeaders, contentType, Encoding.UTF8.GetBytes(text.GetString()!))
            : throw new WebResultException(400, WebMessages.InvalidMedia(mediaType));
    }

    private static WebResponse Text(JsonElement result)
    {
        var value = result.ValueKind == JsonValueKind.Object
            ? Field(result, "body") ?? Field(result, "text") ?? throw new WebResultException(404, WebMessages.PropertyNotFound)
            : result;
        ReadOnlyMemory<byte> body = value.ValueKind switch
        {
            JsonValueKind.Object or JsonValueKind.Array => Json(value, indented: true),
            JsonValueKind.String => Encoding.UTF8.GetBytes(value.GetString()!),
            _ => Encoding.UTF8.GetBytes(value.GetRawText()),
        };
        return new WebResponse(200, NoHeaders, "text/plain; charset=UTF-8", body);
    }

    private static JsonElement? Field(JsonElement result, string name) => result.TryGetProperty(name, out var value) ? value : null;
}
