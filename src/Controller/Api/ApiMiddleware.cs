using OpenWhisk.Common.Hosting;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// Around every request: the transaction id (<c>X-Request-ID</c>, reused when it is up to 128 visible ASCII characters
/// and names no system transaction, so that echoing it back can never fail),
/// OpenWhisk's CORS headers and OPTIONS answers, and every failure turned into <c>{"error", "code"}</c> with the
/// right status by <see cref="ApiExceptionHandler"/> — never a stack trace.
/// </summary>
public sealed partial class ApiMiddleware(RequestDelegate next, TimeProvider timeProvider, ILogger<ApiMiddleware> logger, LogFormat? logFormat = null)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var incoming = context.Request.Headers["X-Request-ID"].ToString();
        var transactionId = incoming.Length is > 0 and <= 128
            && !incoming.AsSpan().ContainsAnyExceptInRange('!', '~')
            && !incoming.StartsWith(TransactionId.SystemPrefix, StringComparison.Ordinal)
            ? incoming
            : NewId();
        RequestContext.Set(context, transactionId, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var web = IsWebPath(context.Request.Path);
        var cors = !web && !IsOperatorsPath(context.Request.Path);
        AddStandardHeaders(context, transactionId, cors);
        if (!web && HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        using var scope = logFormat?.BeginTransaction(logger, transactionId);
        await next(context);
        if (context.Response is { HasStarted: false, StatusCode: 404 or 405 } && context.GetEndpoint() is null)
        {
            await ErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, ApiMessages.ResourceDoesNotExist);
        }
    }

    /// <summary>Sets the transaction id and, where they apply, the CORS headers on a response (again, after a failure cleared it).</summary>
    /// <param name="context">The request.</param>
    internal static void AddStandardHeaders(HttpContext context) =>
        AddStandardHeaders(context, context.TransactionId(), !IsWebPath(context.Request.Path) && !IsOperatorsPath(context.Request.Path));

    /// <summary>
    /// Web actions (and API routes to them) decide their own CORS headers and OPTIONS answers. (Read on the path's
    /// characters: <see cref="PathString.StartsWithSegments(PathString, StringComparison, out PathString)"/> would
    /// allocate the rest of the path on every request.)
    /// </summary>
    private static bool IsWebPath(PathString path) =>
        StartsWithSegment(path.Value, "/api", out var rest)
        && (!StartsWithSegment(rest, "/v1", out var v1) || StartsWithSegment(v1, "/web", out _));

    private static bool StartsWithSegment(ReadOnlySpan<char> path, string segment, out ReadOnlySpan<char> rest)
    {
        if (path.StartsWith(segment, StringComparison.OrdinalIgnoreCase) && (path.Length == segment.Length || path[segment.Length] == '/'))
        {
            rest = path[segment.Length..];
            return true;
        }

        rest = default;
        return false;
    }

    /// <summary>
    /// Metrics, health and the console's pages are for operators and this origin: no page of another origin may read
    /// them through a browser. (<c>/invokers/pool</c> takes a key, like the API, and a console on its own port reads it.)
    /// </summary>
    private static bool IsOperatorsPath(PathString path) =>
        path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/console", StringComparison.OrdinalIgnoreCase);

    private static void AddStandardHeaders(HttpContext context, string transactionId, bool cors)
    {
        var headers = context.Response.Headers;
        headers["X-Request-ID"] = transactionId;
        if (!cors)
        {
            return;
        }

        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowHeaders = "Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent";
        headers.AccessControlAllowMethods = "GET, DELETE, POST, PUT, HEAD";
    }

    private static string NewId() => RandomHexIds.Next();
}
