using Microsoft.AspNetCore.Http.Features;

namespace OpenWhisk.Controller.Web;

/// <summary>The request path as the client sent it (still percent-encoded, without the query), for web actions and routes.</summary>
public static class RawRequestPath
{
    /// <summary>The raw path when it starts with <paramref name="prefix"/> (ignoring case); otherwise the decoded path.</summary>
    public static string Of(HttpContext context, string prefix)
    {
        ArgumentNullException.ThrowIfNull(context);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? raw : raw[..query];
        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path : context.Request.Path.Value ?? string.Empty;
    }
}
