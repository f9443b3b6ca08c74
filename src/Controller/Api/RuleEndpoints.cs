namespace OpenWhisk.Controller.Api;

/// <summary>
/// <c>/api/v1/namespaces/{ns}/rules[/{name}]</c>: list, get (with its status), create and update (changing trigger or
/// action keeps the status), enable and disable (<c>POST {"status": "active"|"inactive"}</c>), delete.
/// </summary>
public static class RuleEndpoints
{
    public static IEndpointRouteBuilder MapRuleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/rules", (HttpContext context, string ns, RuleApi api) => api.ListAsync(context, ns));
        app.MapGet("/api/v1/namespaces/{ns}/rules/{name}", (HttpContext context, string ns, string name, RuleApi api) => api.GetAsync(context, ns, name));
        app.MapPut("/api/v1/namespaces/{ns}/rules/{name}", (HttpContext context, string ns, string name, RuleApi api) => api.PutAsync(context, ns, name));
        app.MapPost("/api/v1/namespaces/{ns}/rules/{name}", (HttpContext context, string ns, string name, RuleApi api) => api.SetStatusAsync(context, ns, name));
        app.MapDelete("/api/v1/namespaces/{ns}/rules/{name}", (HttpContext context, string ns, string name, RuleApi api) => api.DeleteAsync(context, ns, name));
        return app;
    }
}
