namespace OpenWhisk.Controller.Api;

/// <summary>
/// <c>/api/v1/namespaces/{ns}/triggers[/{name}]</c>: list, get (with its <c>rules</c>), create and update, delete, and
/// fire (<c>POST</c>: 202 with the trigger activation's id, or 204 when no rule is active).
/// </summary>
public static class TriggerEndpoints
{
    public static IEndpointRouteBuilder MapTriggerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/triggers", (HttpContext context, string ns, TriggerApi api) => api.ListAsync(context, ns));
        app.MapGet("/api/v1/namespaces/{ns}/triggers/{name}", (HttpContext context, string ns, string name, TriggerApi api) => api.GetAsync(context, ns, name));
        app.MapPut("/api/v1/namespaces/{ns}/triggers/{name}", (HttpContext context, string ns, string name, TriggerApi api) => api.PutAsync(context, ns, name));
        app.MapDelete("/api/v1/namespaces/{ns}/triggers/{name}", (HttpContext context, string ns, string name, TriggerApi api) => api.DeleteAsync(context, ns, name));
        app.MapPost("/api/v1/namespaces/{ns}/triggers/{name}", (HttpContext context, string ns, string name, TriggerApi api) => api.FireAsync(context, ns, name));
        return app;
    }
}
