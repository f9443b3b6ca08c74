using OpenWhisk.Controller.LoadBalancing;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// OpenWhisk's operator routes for draining a controller before it stops (zero-downtime deployments poll them):
/// <c>GET /activation</c> lists the activations this controller placed and has not seen complete as
/// <c>[[id, action], …]</c>; <c>GET /activation/count</c> counts them; <c>GET /invokers/{invoker}/activation/count</c>
/// counts those on one invoker (<c>invoker0</c>). Like <c>/invokers</c>, they need no key.
/// </summary>
public static class ActivationStatusEndpoints
{
    /// <summary>Maps the routes.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapActivationStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/activation", ListAsync);
        app.MapGet("/activation/count", (HttpContext context, LoadBalancerHost balancers) =>
            JsonResponses.WriteAsync(context, 200, writer => writer.WriteNumberValue(balancers.TotalActiveActivations)));
        app.MapGet("/invokers/{invoker}/activation/count", (HttpContext context, string invoker, LoadBalancerHost balancers) =>
            JsonResponses.WriteAsync(context, 200, writer => writer.WriteNumberValue(balancers.ActiveActivationsOn(invoker))));
        return app;
    }

    private static Task ListAsync(HttpContext context, LoadBalancerHost balancers)
    {
        var activations = balancers.ActiveActivations();
        return JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartArray();
            foreach (var activation in activations)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(activation.ActivationId);
                writer.WriteStringValue(activation.Action);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        });
    }
}
