using Microsoft.Net.Http.Headers;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// Which content types are text and which are binary, as OpenWhisk's HTTP server (Pekko) decides: text types,
/// multipart, JSON, JavaScript, XML, forms and anything with a <c>charset</c> are text; every other type (images,
/// audio, <c>application/octet-stream</c>, unknown types, a missing type) is binary and travels base64-encoded.
/// </summary>
public static class WebMediaTypes
{
    private static readonly HashSet<string> TextApplicationTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "json", "javascript", "x-javascript", "ecmascript", "x-www-form-urlencoded", "xml", "xml-dtd", "xhtml+xml",
        "soap+xml", "atom+xml", "rss+xml", "json-patch+json", "merge-patch+json", "problem+json", "vnd.api+json",
    };

    /// <summary>Parses a content type; null when it is missing or not a valid <c>type/subtype</c>.</summary>
    public static MediaTypeHeaderValue? Parse(string? contentType) =>
        contentType is { Length: > 0 } && MediaTypeHeaderValue.TryParse(contentType, out var parsed) && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes
            ? parsed
            : null;

    /// <summary>Whether the type is <c>application/json</c> or ends with <c>+json</c>.</summary>
    public static bool IsJsonFamily(MediaTypeHeaderValue? type) =>
        type is not null && (IsType(type, "application", "json") || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the type is exactly <c>application/json</c>.</summary>
    public static bool IsJson(MediaTypeHeaderValue? type) => type is not null && IsType(type, "application", "json");

    /// <summary>Whether content of this type is binary (a missing type counts as <c>application/octet-stream</c>).</summary>
    public static bool IsBinary(MediaTypeHeaderValue? type)
    {
        if (type is null)
        {
            return true;
        }

        if (type.Charset.HasValue)
        {
            return false;
        }

        var main = type.Type.Value ?? string.Empty;
        return !(main.Equals("text", StringComparison.OrdinalIgnoreCase)
            || main.Equals("multipart", StringComparison.OrdinalIgnoreCase)
            || (main.Equals("application", StringComparison.OrdinalIgnoreCase) && TextApplicationTypes.Contains(type.SubType.Value ?? string.Empty)));
    }

    private static bool IsType(MediaTypeHeaderValue type, string main, string sub) =>
        type.Type.Equals(main, StringComparison.OrdinalIgnoreCase) && type.SubType.Equals(sub, StringComparison.OrdinalIgnoreCase);
}
