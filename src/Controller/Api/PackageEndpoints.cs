namespace OpenWhisk.Controller.Api;

/// <summary>
/// <c>/api/v1/namespaces/{ns}/packages[/{name}]</c>: list (another namespace's lists only its published packages),
/// get (with the package's <c>actions</c> and <c>feeds</c>; a binding shows the bound package's, parameters merged),
/// create and update packages and bindings, delete (a package with actions only with <c>force=true</c>).
/// </summary>
public static class PackageEndpoints
{
    public static IEndpointRouteBuilder MapPackageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/packages", (HttpContext context, string ns, PackageApi api) => api.ListAsync(context, ns));
        app.MapGet("/api/v1/namespaces/{ns}/packages/{name}", (HttpContext context, string ns, string name, PackageApi api) => api.GetAsync(context, ns, name));
        app.MapPut("/api/v1/namespaces/{ns}/packages/{name}", (HttpContext context, string ns, string name, PackageApi api) => api.PutAsync(context, ns, name));
        app.MapDelete("/api/v1/namespaces/{ns}/packages/{name}", (HttpContext context, string ns, string name, PackageApi api) => api.DeleteAsync(context, ns, name));
        return app;
    }
}
