using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// Process routes: <c>/ping</c>, <c>/</c> (controller info), <c>/api/v1</c> (API info), <c>/invokers</c>,
/// <c>/invokers/healthy/count</c>, <c>/invokers/ready</c>; and the namespace routes of the API.
/// </summary>
public static class InfoEndpoints
{
    public static IEndpointRouteBuilder MapInfoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ping", () => Results.Text("pong"));
        app.MapGet("/", ControllerInfoAsync);
        app.MapGet("/api/v1", ApiInfoAsync);
        app.MapGet("/invokers", InvokersAsync);
        app.MapGet("/invokers/healthy/count", HealthyCountAsync);
        app.MapGet("/invokers/ready", ReadyAsync);
        app.MapGet("/api/v1/namespaces", NamespacesAsync);
        app.MapGet("/api/v1/namespaces/{ns}/limits", LimitsAsync);
        return app;
    }

    private static Task ApiInfoAsync(HttpContext context, IOptions<ControllerOptions> options) =>
        JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("description", "OpenWhisk API");
            writer.WriteString("api_version", "1.0.0");
            writer.WriteString("api_version_path", "v1");
            writer.WriteString("build", options.Value.Build);
            writer.WriteString("buildno", options.Value.BuildNumber);
            writer.WriteStartObject("swagger_paths");
            writer.WriteString("ui", "/docs");
            writer.WriteString("api-docs", "/api-docs");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    private static Task ControllerInfoAsync(HttpContext context, IOptions<LimitsOptions> options, RuntimesManifest manifest)
    {
        var limits = options.Value;
        return JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("description", "OpenWhisk");
            writer.WriteStartObject("support");
            writer.WriteString("github", "https://github.com/openwhisk-net/openwhisk.net/issues");
            writer.WriteEndObject();
            writer.WriteStartArray("api_paths");
            writer.WriteStringValue("/api/v1");
            writer.WriteEndArray();
            writer.WriteStartObject("limits");
            writer.WriteNumber("actions_per_minute", limits.InvocationsPerMinute);
            writer.WriteNumber("triggers_per_minute", limits.FiresPerMinute);
            writer.WriteNumber("concurrent_actions", limits.ConcurrentInvocations);
            writer.WriteNumber("min_action_duration", limits.TimeoutMs.Min);
            writer.WriteNumber("max_action_duration", limits.TimeoutMs.Max);
            writer.WriteNumber("min_action_memory", limits.MemoryMb.Min * 1024L * 1024L);
            writer.WriteNumber("max_action_memory", limits.MemoryMb.Max * 1024L * 1024L);
            writer.WriteNumber("min_action_logs", limits.LogsMb.Min * 1024L * 1024L);
            writer.WriteNumber("max_action_logs", limits.LogsMb.Max * 1024L * 1024L);
            writer.WriteEndObject();
            writer.WriteStartObject("runtimes");
            foreach (var family in manifest.Kinds.GroupBy(k => k.Family))
            {
                writer.WriteStartArray(family.Key);
                foreach (var kind in family)
                {
                    writer.WriteStartObject();
                    writer.WriteString("kind", kind.Kind);
                    writer.WriteString("image", kind.Image);
                    writer.WriteBoolean("deprecated", kind.Deprecated);
                    writer.WriteBoolean("default", kind.IsDefault);
                    writer.WriteBoolean("attached", false);
                    writer.WriteBoolean("requireMain", kind.RequireMain);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static async Task NamespacesAsync(HttpContext context, Authenticator auth)
    {
        var user = await auth.AuthenticateAsync(context);
        await JsonResponses.WriteAsync(context, 200, new[] { user.Namespace.Name });
    }

    private static async Task LimitsAsync(HttpContext context, string ns, Authenticator auth, IOptions<LimitsOptions> options)
    {
        var user = await auth.AuthenticateAsync(context);
        Namespaces.Resolve(ns, user);
        var limits = options.Value;
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("invocationsPerMinute", user.Limits.InvocationsPerMinute ?? limits.InvocationsPerMinute);
            writer.WriteNumber("concurrentInvocations", user.Limits.ConcurrentInvocations ?? limits.ConcurrentInvocations);
            writer.WriteNumber("firesPerMinute", user.Limits.FiresPerMinute ?? limits.FiresPerMinute);
            writer.WriteNumber("minActionMemory", limits.MemoryMb.Min);
            writer.WriteNumber("maxActionMemory", limits.MemoryMb.Max);
            writer.WriteNumber("minActionLogs", limits.LogsMb.Min);
            writer.WriteNumber("maxActionLogs", limits.LogsMb.Max);
            writer.WriteNumber("minActionTimeout", limits.TimeoutMs.Min);
            writer.WriteNumber("maxActionTimeout", limits.TimeoutMs.Max);
            writer.WriteNumber("minActionConcurrency", limits.Concurrency.Min);
            writer.WriteNumber("maxActionConcurrency", limits.Concurrency.Max);
            writer.WriteString("maxParameterSize", ByteSizeText.Format(limits.ParametersMaxBytes));
            writer.WriteNumber("maxActionInstances", user.Limits.ConcurrentInvocations ?? limits.ConcurrentInvocations);
            if (user.Limits.StoreActivations is { } store)
            {
                writer.WriteBoolean("storeActivations", store);
            }
            writer.WriteEndObject();
        });
    }

    private static async Task InvokersAsync(HttpContext context, LoadBalancerHost balancers)
    {
        var invokers = await HealthAsync(balancers, context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            foreach (var invoker in invokers)
            {
                writer.WriteString(invoker.Id.ToString(), invoker.State.ToWireString());
            }

            writer.WriteEndObject();
        });
    }

    private static async Task HealthyCountAsync(HttpContext context, LoadBalancerHost balancers)
    {
        var invokers = await HealthAsync(balancers, context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, invokers.Count(i => i.State.IsUsable()));
    }

    private static async Task ReadyAsync(HttpContext context, LoadBalancerHost balancers)
    {
        var invokers = await HealthAsync(balancers, context.RequestAborted);
        var healthy = invokers.Count(i => i.State.IsUsable());
        var total = invokers.Count;
        var ready = total > 0 && healthy == total;
        await JsonResponses.WriteAsync(context, ready ? 200 : 500, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString(ready ? "healthy" : "unhealthy", ready ? $"{healthy}/{total}" : $"{total - healthy}/{total}");
            writer.WriteEndObject();
        });
    }

    private static async Task<List<InvokerHealth>> HealthAsync(LoadBalancerHost balancers, CancellationToken cancellationToken)
    {
        var all = new List<InvokerHealth>();
        foreach (var balancer in balancers.Balancers)
        {
            all.AddRange(await balancer.GetInvokerHealthAsync(cancellationToken));
        }

        return all.GroupBy(i => i.Id.ToString()).Select(g => g.First()).OrderBy(i => i.Id.Instance).ToList();
    }
}
