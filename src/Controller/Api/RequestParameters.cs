using System.Globalization;

namespace OpenWhisk.Controller.Api;

/// <summary>Query parameters with OpenWhisk's validation.</summary>
public static class RequestParameters
{
    public static bool Flag(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var value = context.Request.Query[name].ToString();
        return value.Length > 0 && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }

    public static int Skip(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Request.Query["skip"].ToString();
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
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Request.Query["limit"].ToString();
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
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"The value '{text}' for parameter '{name}' is not a time in milliseconds since the epoch.");
    }
}
