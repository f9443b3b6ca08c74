using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace OpenWhisk.Controller.Api;

/// <summary>Query parameters with OpenWhisk's validation.</summary>
public static class RequestParameters
{
    /// <summary>
    /// The query parameter's value as <c>Request.Query[name].ToString()</c> gives it (names compared ignoring case,
    /// values decoded, repeated ones joined with commas, empty when absent), read from the query string without building
    /// the request's query collection: an invocation reads two or three parameters of a string that has no others.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="name">The parameter's name.</param>
    /// <returns>The value, or an empty string.</returns>
    public static string Text(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? found = null;
        foreach (var pair in new QueryStringEnumerable(context.Request.QueryString.Value))
        {
            if (!pair.DecodeName().Span.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = pair.DecodeValue().ToString();
            found = found is null ? value : found + "," + value;
        }

        return found ?? string.Empty;
    }

    public static bool Flag(HttpContext context, string name)
    {
        var value = Text(context, name);
        return value.Length > 0 && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }

    public static int Skip(HttpContext context)
    {
        var text = Text(context, "skip");
        if (text.Length == 0)
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
            ? skip
            : throw ApiException.BadRequest($"The value '{text}' for parameter 'skip' is not a non-negative integer.");
    }

    /// <summary>The page size: 0..max, where 0 means max; absent means the default.</summary>
    public static int Limit(HttpContext context, int defaultLimit, int max, string collection)
    {
        var text = Text(context, "limit");
        if (text.Length == 0)
        {
            return defaultLimit;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit) || limit < 0 || limit > max)
        {
            _ = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out limit);
            throw ApiException.BadRequest(ApiMessages.OutOfRange(limit, max, collection));
        }

        return limit == 0 ? max : limit;
    }

    public static long? EpochMs(HttpContext context, string name)
    {
        var text = Text(context, name);
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"The value '{text}' for parameter '{name}' is not a time in milliseconds since the epoch.");
    }
}
