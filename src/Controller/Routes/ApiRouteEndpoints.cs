using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Web;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// The routes of APIs, <c>/api/{namespace-uuid}/{basePath}/{relPath}</c> (and <c>/api/{namespace}/...</c>), for every
/// verb: each reaches its web action as the gateway would call it, the request path appended for the http type.
/// </summary>
public static class ApiRouteEndpoints
{
    public static IEndpointRouteBuilder MapApiRouteEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/{owner}/{**path}", WebActionEndpoints.Methods, async (HttpContext context, string owner, Authenticator auth, GatewayApiStore apis, WebActionApi web) =>
        {
            var identity = owner == "v1" ? null : await auth.IdentityOfNamespaceUuidAsync(owner, context.RequestAborted) ?? await auth.IdentityOfNamespaceAsync(owner, context.RequestAborted);
            var raw = RawPathAfterOwner(context);
            var match = identity is null ? null : (await apis.RoutesAsync(identity.Namespace.Name, context.RequestAborted)).Match(context.Request.Method, Uri.UnescapeDataString(raw));
            if (match is { TargetUrl: null } && HttpMethods.IsOptions(context.Request.Method))
            {
                // The gateway answers preflights of its CORS-enabled APIs.
                WebCors.Add(context);
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            if (match?.TargetUrl is not { } url || Target(url, raw) is not { } target)
            {
                await ErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, ApiMessages.ResourceDoesNotExist);
                return;
            }

            if (match.SecureKey is { } secret)
            {
                context.Request.Headers[WebActionAuthorization.SecretHeader] = secret;
            }

            await web.HandleAsync(context, target);
        });
        return app;
    }

    /// <summary>The web action of a gateway target URL; the http type gets the request path (base path included).</summary>
    private static WebActionPath? Target(string targetUrl, string requestPath)
    {
        const string RequestPath = "$(request.path)";
        var start = targetUrl.IndexOf(WebActionEndpoints.Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var web = targetUrl[(start + WebActionEndpoints.Prefix.Length)..];
        var appendPath = web.EndsWith(RequestPath, StringComparison.Ordinal);
        var parsed = WebActionPath.Parse(appendPath ? web[..^RequestPath.Length] : web);
        return parsed is null ? null : parsed with { RestPath = appendPath ? requestPath : parsed.RestPath };
    }

    /// <summary>The request path after <c>/api/{owner}</c>, as sent (still percent-encoded), starting with <c>/</c>.</summary>
    private static string RawPathAfterOwner(HttpContext context)
    {
        var path = RawRequestPath.Of(context, "/api/");
        var slash = path.IndexOf('/', Math.Min(path.Length, "/api/".Length));
        return slash < 0 ? "/" : path[slash..];
    }
}
