namespace OpenWhisk.Controller.Web;

/// <summary>The CORS headers the controller adds for a web action that does not answer OPTIONS itself.</summary>
public static class WebCors
{
    private const string DefaultAllowHeaders = "Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent";

    /// <summary>Adds them: any origin, the web methods, and the headers the preflight asks for (or the default list).</summary>
    public static void Add(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        var requested = context.Request.Headers.AccessControlRequestHeaders;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowMethods = "OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH";
        headers.AccessControlAllowHeaders = requested.Count > 0 ? requested.ToString() : DefaultAllowHeaders;
    }
}
