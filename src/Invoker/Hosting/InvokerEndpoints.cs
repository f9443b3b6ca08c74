using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>
/// The invoker's HTTP routes: <c>/ping</c>, and the basic-auth protected <c>/enable</c>, <c>/disable</c>,
/// <c>/isEnabled</c>, <c>/activation/count</c> (activations handed to the pool and not finished yet: what a drain
/// after <c>/disable</c> waits for) and <c>/pool</c> (what the container pool holds and the feed has in hand).
/// </summary>
public static class InvokerEndpoints
{
    /// <summary>Maps the routes.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapInvokerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ping", () => Results.Text("pong"));
        app.MapGet("/isEnabled", (HttpContext context, InvokerService invoker, IOptions<InvokerOptions> options) =>
            Authorized(context, options.Value) ? Results.Json(new { enabled = invoker.IsEnabled }) : Unauthorized());
        app.MapGet("/pool", async (HttpContext context, InvokerService invoker, IOptions<InvokerOptions> options) =>
        {
            if (!Authorized(context, options.Value))
            {
                return Unauthorized();
            }

            if (invoker.Pool is not { } pool)
            {
                return Results.Json(new { error = "The invoker has not started." }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var snapshot = await pool.GetSnapshotAsync();
            return Results.Json(new
            {
                invoker = invoker.Id.ToString(),
                outstandingMessages = invoker.OutstandingMessages,
                usedMemoryMb = snapshot.UsedMemoryMb,
                capacityMb = snapshot.CapacityMb,
                prewarmStarting = snapshot.PrewarmStarting,
                buffered = snapshot.Buffered,
                containers = snapshot.Entries.Select(e => new
                {
                    proxy = e.Proxy,
                    kind = e.Kind.ToString(),
                    state = e.State.ToString(),
                    action = e.Action?.ToString(),
                    runtime = e.RuntimeKind,
                    memoryMb = e.MemoryMb,
                    active = e.ActiveCount,
                    busy = e.Busy,
                }),
            });
        });
        app.MapGet("/activation/count", (HttpContext context, InvokerService invoker, IOptions<InvokerOptions> options) =>
            Authorized(context, options.Value) ? Results.Json(invoker.ActivationsInFlight) : Unauthorized());
        app.MapPost("/enable", (HttpContext context, InvokerService invoker, IOptions<InvokerOptions> options) =>
        {
            if (!Authorized(context, options.Value))
            {
                return Unauthorized();
            }

            invoker.Enable();
            return Results.Text($"{invoker.Id} is now enabled.");
        });
        app.MapPost("/disable", async (HttpContext context, InvokerService invoker, IOptions<InvokerOptions> options) =>
        {
            if (!Authorized(context, options.Value))
            {
                return Unauthorized();
            }

            await invoker.DisableAsync();
            return Results.Text($"{invoker.Id} is now disabled.");
        });
        return app;
    }

    private static bool Authorized(HttpContext context, InvokerOptions options)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(options.AdminUser + ":" + options.AdminPassword)));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(header[6..].Trim()));
    }

    private static IResult Unauthorized() =>
        Results.Json(new { error = "The supplied authentication is invalid." }, statusCode: StatusCodes.Status401Unauthorized);
}
