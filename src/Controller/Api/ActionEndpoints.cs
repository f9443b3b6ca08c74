namespace OpenWhisk.Controller.Api;

/// <summary>
/// <c>/api/v1/namespaces/{ns}/actions[/{pkg}]/{name}</c>: list (a namespace's or a package's), get, create and update
/// (<c>PUT</c>, <c>overwrite=true</c>), delete; invoking is <see cref="ActionInvocationEndpoint"/>. Actions in another
/// namespace's published package may be read; actions in a binding may not be written.
/// </summary>
public static class ActionEndpoints
{
    public static IEndpointRouteBuilder MapActionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/actions", (HttpContext context, string ns, ActionApi api) => api.GetAsync(context, ns, null));
        app.MapGet("/api/v1/namespaces/{ns}/actions/{**path}", (HttpContext context, string ns, string? path, ActionApi api) => api.GetAsync(context, ns, path));
        app.MapPut("/api/v1/namespaces/{ns}/actions/{**path}", (HttpContext context, string ns, string? path, ActionApi api) => api.PutAsync(context, ns, path));
        app.MapDelete("/api/v1/namespaces/{ns}/actions/{**path}", (HttpContext context, string ns, string? path, ActionApi api) => api.DeleteAsync(context, ns, path));
        app.MapPost("/api/v1/namespaces/{ns}/actions/{**path}", ActionInvocationEndpoint.InvokeAsync);
        return app;
    }
}
