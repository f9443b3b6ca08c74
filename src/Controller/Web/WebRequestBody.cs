using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// A web request's body as the action sees it: a JSON body (parsed unless the action is raw), form fields (unless
/// raw), text as a string, and binary content (or any JSON body of a raw action) as base64.
/// </summary>
public static class WebRequestBody
{
    /// <summary>The body as a JSON value, or null when the request has none.</summary>
    /// <exception cref="ApiException">400 when a JSON body of a parsed action is not valid JSON.</exception>
    public static JsonElement? Read(ReadOnlyMemory<byte> bytes, string? contentType, bool raw)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        var type = WebMediaTypes.Parse(contentType);
        if (!raw && WebMediaTypes.IsJsonFamily(type))
        {
            try
            {
                using var document = JsonDocument.Parse(bytes);
                return document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw ApiException.BadRequest(ApiMessages.Malformed + exception.Message);
            }
        }

        if (!raw && type is not null && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var fields = QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(bytes.Span));
            return JsonSerializer.SerializeToElement(fields.ToDictionary(f => f.Key, f => f.Value[^1] ?? string.Empty, StringComparer.Ordinal));
        }

        return WebMediaTypes.IsBinary(type) || WebMediaTypes.IsJson(type)
            ? JsonSerializer.SerializeToElement(Convert.ToBase64String(bytes.Span))
            : JsonSerializer.SerializeToElement(System.Text.Encoding.UTF8.GetString(bytes.Span));
    }
}
