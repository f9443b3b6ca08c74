using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// The <c>.http</c> result: <c>{statusCode?, headers?, body?}</c>. A string body is sent as text in its content type
/// (default <c>text/html</c>), or decoded from base64 when the type is binary; any other body is JSON (default
/// <c>application/json</c>, or another <c>+json</c> type); no body (or an empty string) gives 204 unless a code is set.
/// Header values may be strings, numbers, booleans or arrays of them (one header per item, as for <c>Set-Cookie</c>).
/// </summary>
public static partial class WebHttpResults
{
    private static readonly string InvalidHttp = WebMessages.InvalidMedia("message/http");

    // The server frames the response itself: these headers of the action's are dropped, as OpenWhisk's server does.
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Trailer",
    };

    /// <summary>The response for an <c>.http</c> result.</summary>
    /// <exception cref="WebResultException">400 when the result is not a valid HTTP response.</exception>
    public static WebResponse From(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object)
        {
            throw new WebResultException(400, InvalidHttp);
        }

        var headers = Headers(result);
        var code = StatusCode(result);
        var contentType = headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        var others = headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).ToList();
        if (!result.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null || body is { ValueKind: JsonValueKind.String } && body.GetString()!.Length == 0)
        {
            return new WebResponse(code ?? 204, others, null, ReadOnlyMemory<byte>.Empty);
        }

        return body.ValueKind == JsonValueKind.String
            ? Text(code ?? 200, others, contentType, body.GetString()!)
            : Json(code ?? 200, others, contentType, body);
    }

    private static WebResponse Text(int code, List<KeyValuePair<string, string>> headers, string? contentType, string body)
    {
        var type = contentType is null ? WebMediaTypes.Parse("text/html") : WebMediaTypes.Parse(contentType)
            ?? throw new WebResultException(400, WebMessages.UnknownContentType);
        var binary = WebMediaTypes.IsBinary(type);
        if (binary || (WebMediaTypes.IsJsonFamily(type) && LooksLikeBase64(body)))
        {
            // Binary content travels base64-encoded in the result (and, for old actions, JSON may too).
            try
            {
                return new WebResponse(code, headers, type!.ToString(), Convert.FromBase64String(body));
            }
            catch (FormatException)
            {
                throw new WebResultException(400, WebMessages.ContentTypeMismatch);
            }
        }

        var textType = type!.Charset.HasValue || WebMediaTypes.IsJsonFamily(type) ? type.ToString() : type + "; charset=UTF-8";
        return new WebResponse(code, headers, textType, Encoding.UTF8.GetBytes(body));
    }

    private static WebResponse Json(int code, List<KeyValuePair<string, string>> headers, string? contentType, JsonElement body)
    {
        if (contentType is null)
        {
            return new WebResponse(code, headers, "application/json", WebResponses.Json(body, indented: false));
        }

        var type = WebMediaTypes.Parse(contentType) ?? throw new WebResultException(400, WebMessages.UnknownContentType);
        if (WebMediaTypes.IsJson(type))
        {
            return new WebResponse(code, headers, "application/json", WebResponses.Json(body, indented: false));
        }

        return WebMediaTypes.IsJsonFamily(type)
            ? new WebResponse(code, headers, type.MediaType + "; charset=UTF-8", WebResponses.Json(body, indented: true))
            : throw new WebResultException(400, WebMessages.ContentTypeMismatch);
    }

    private static int? StatusCode(JsonElement result)
    {
        if (!result.TryGetProperty("statusCode", out var code))
        {
            return null;
        }

        int? parsed = code.ValueKind switch
        {
            JsonValueKind.Number when code.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number is >= 200 and <= 599 => (int)number,
            JsonValueKind.String when int.TryParse(code.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var text) && text is >= 200 and <= 599 => text,
            _ => null,
        };
        return parsed ?? throw new WebResultException(400, InvalidHttp);
    }

    private static List<KeyValuePair<string, string>> Headers(JsonElement result)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (!result.TryGetProperty("headers", out var given))
        {
            return headers;
        }

        if (given.ValueKind != JsonValueKind.Object)
        {
            throw new WebResultException(400, InvalidHttp);
        }

        foreach (var header in given.EnumerateObject())
        {
            if (!HeaderName().IsMatch(header.Name))
            {
                throw new WebResultException(400, InvalidHttp);
            }

            if (!Framing.Contains(header.Name))
            {
                AddValues(headers, header.Name, header.Value);
            }
        }

        return headers;
    }

    private static void AddValues(List<KeyValuePair<string, string>> headers, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                if (text.Any(c => char.IsControl(c) && c != '\t'))
                {
                    throw new WebResultException(400, InvalidHttp);
                }

                headers.Add(new(name, text));
                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    AddValues(headers, name, item);
                }

                break;
            default:
                throw new WebResultException(400, InvalidHttp);
        }
    }

    /// <summary>OpenWhisk's test for base64 code: a non-empty trimmed text of a length divisible by 4 in the base64 alphabet.</summary>
    private static bool LooksLikeBase64(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && trimmed.Length % 4 == 0 && Base64().IsMatch(trimmed);
    }

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderName();

    [GeneratedRegex("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64();
}
