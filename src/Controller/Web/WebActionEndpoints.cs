using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Routes;

namespace OpenWhisk.Controller.Web;

/// <summary><c>/api/v1/web/{namespace}/{package|default}/{action}{.ext}{/rest}</c> for every method: web actions, no key needed.</summary>
public static class WebActionEndpoints
{
    /// <summary>The path prefix of web actions.</summary>
    public const string Prefix = "/api/v1/web/";

    /// <summary>The verbs OpenWhisk lets through to web actions (and API routes).</summary>
    public static readonly string[] Methods = ["GET", "DELETE", "POST", "PUT", "HEAD", "OPTIONS", "PATCH"];

    public static IEndpointRouteBuilder MapWebActionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Prefix + "{**path}", Methods, async (HttpContext context, WebActionApi api, ApiManagementApi routes) =>
        {
            var path = RawRequestPath.Of(context, Prefix);
            if (path.Length <= Prefix.Length || WebActionPath.Parse(path[Prefix.Length..]) is not { } target)
            {
                await ErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, ApiMessages.ResourceDoesNotExist);
            }
            else if (target.Action.Path != ApiManagementApi.Package || !await routes.TryHandleAsync(context, target.Action.Name))
            {
                await api.HandleAsync(context, target);
            }
        });
        return app;
    }
}
