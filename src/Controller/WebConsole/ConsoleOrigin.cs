using Microsoft.Extensions.Options;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>
/// Keeps the console and the API apart when the console has a port of its own (<see cref="ConsoleOptions.Port"/>):
/// that port serves the console alone (<c>/</c> leads to it, everything else is 404), and the API's port sends
/// <c>/console</c> there. Also answers <c>/console/config.json</c>, where the pages learn the API's URL.
/// </summary>
public sealed class ConsoleOrigin(RequestDelegate next, IOptions<ConsoleOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var console = options.Value;
        var path = context.Request.Path;
        var consolePath = path.StartsWithSegments(ConsoleRegistration.Path, StringComparison.OrdinalIgnoreCase);
        if (consolePath && path.Equals(ConsoleRegistration.Path + "/config.json", StringComparison.OrdinalIgnoreCase))
        {
            await context.Response.WriteAsJsonAsync(new { apiUrl = ApiUrl(context, console) }, context.RequestAborted);
            return;
        }

        if (console.Port is not { } port)
        {
            await next(context);
            return;
        }

        var onConsolePort = context.Connection.LocalPort == port;
        if (onConsolePort && !consolePath)
        {
            if (path == "/")
            {
                context.Response.Redirect(ConsoleRegistration.Path + "/");
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!onConsolePort && consolePath)
        {
            var target = new UriBuilder(context.Request.Scheme, context.Request.Host.Host, port, ConsoleRegistration.Path + "/");
            context.Response.Redirect(target.Uri.ToString());
            return;
        }

        await next(context);
    }

    /// <summary>The URL the pages call the API at: empty for their own origin.</summary>
    /// <param name="context">The request for a page.</param>
    /// <param name="console">The console's options.</param>
    /// <returns>The URL without a trailing slash, or empty.</returns>
    internal static string ApiUrl(HttpContext context, ConsoleOptions console)
    {
        if (console.Port is null)
        {
            return string.Empty;
        }

        if (console.ApiUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var apiPort = context.RequestServices.GetRequiredService<IConfiguration>()["Api:Host"] is { } apiHost
            && Uri.TryCreate(apiHost, UriKind.Absolute, out var api) ? api.Port : 3233;
        return new UriBuilder(context.Request.Scheme, context.Request.Host.Host, apiPort).Uri.ToString().TrimEnd('/');
    }
}
