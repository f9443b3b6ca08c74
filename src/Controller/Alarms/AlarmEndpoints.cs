namespace OpenWhisk.Controller.Alarms;

/// <summary>
/// <c>/api/v1/namespaces/{ns}/triggers/{name}/alarm</c>, an OpenWhisk.NET route: the built-in alarms provider's side of
/// the feed protocol, which the <c>whisk.system/alarms</c> feed actions call with the key they were given (the
/// trigger's owner): <c>PUT</c> creates or replaces the trigger's alarm (CREATE), <c>GET</c> reads it (READ),
/// <c>PATCH</c> changes it (UPDATE), <c>DELETE</c> removes it (DELETE). Answers are the alarms package's:
/// <c>{"status": "success"}</c>, <c>{config, status}</c>, or <c>{"error": ...}</c> with the status.
/// </summary>
public static class AlarmEndpoints
{
    private const string Route = "/api/v1/namespaces/{ns}/triggers/{name}/alarm";

    public static IEndpointRouteBuilder MapAlarmEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut(Route, (HttpContext c, string ns, string name, AlarmApi api) => api.HandleAsync(c, ns, name, AlarmApi.Operation.Create));
        app.MapGet(Route, (HttpContext c, string ns, string name, AlarmApi api) => api.HandleAsync(c, ns, name, AlarmApi.Operation.Read));
        app.MapPatch(Route, (HttpContext c, string ns, string name, AlarmApi api) => api.HandleAsync(c, ns, name, AlarmApi.Operation.Update));
        app.MapDelete(Route, (HttpContext c, string ns, string name, AlarmApi api) => api.HandleAsync(c, ns, name, AlarmApi.Operation.Delete));
        return app;
    }
}
