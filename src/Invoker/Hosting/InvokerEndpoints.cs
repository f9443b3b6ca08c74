using Microsoft.AspNetCore.Authorization;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>
/// The invoker's HTTP routes: <c>/ping</c>, and, behind <see cref="InvokerAdminAuthentication"/>, <c>/enable</c>, <c>/disable</c>,
/// <c>/isEnabled</c>, <c>/activation/count</c> (activations handed to the pool and not finished yet: what a drain
/// after <c>/disable</c> waits for) and <c>/pool</c> (what the container pool holds and the feed has in hand).
/// </summary>
public static class InvokerEndpoints
{
    /// <summary>Maps the routes (the host registers <c>AddInvokerAdminAuthentication</c> and uses authentication and authorization).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapInvokerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ping", () => Results.Text("pong"));
        var admin = app.MapGroup(string.Empty).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = InvokerAdminAuthentication.SchemeName });
        admin.MapGet("/isEnabled", (InvokerService invoker) => Results.Json(new { enabled = invoker.IsEnabled }));
        admin.MapGet("/pool", async (InvokerService invoker) =>
        {
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
                    action = e.Action?.FullyQualifiedName,
                    runtime = e.RuntimeKind,
                    memoryMb = e.MemoryMb,
                    active = e.ActiveCount,
                    busy = e.Busy,
                }),
            });
        });
        admin.MapGet("/activation/count", (InvokerService invoker) => Results.Json(invoker.ActivationsInFlight));
        admin.MapPost("/enable", (InvokerService invoker) =>
        {
            invoker.Enable();
            return Results.Text($"{invoker.Id} is now enabled.");
        });
        admin.MapPost("/disable", async (InvokerService invoker) =>
        {
            await invoker.DisableAsync();
            return Results.Text($"{invoker.Id} is now disabled.");
        });
        return app;
    }
}
