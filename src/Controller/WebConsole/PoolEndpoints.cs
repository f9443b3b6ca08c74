using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>
/// <c>GET /invokers/pool</c>, for the keys of <see cref="ConsoleOptions.AdminNamespaces"/>: every invoker's health, what
/// its pool holds (containers by action, kind and state; memory; buffered and running activations) as its last health
/// ping said, and the activations per second and duration percentiles of the recent history, over all invokers.
/// </summary>
public static class PoolEndpoints
{
    /// <summary>An invoker whose last pool status is older than this shows no pool.</summary>
    private const long StaleAfterMs = 15_000;

    /// <summary>Maps the route.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapPoolEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/invokers/pool", PoolAsync);
        return app;
    }

    private static async Task PoolAsync(
        HttpContext context, Authenticator auth, InvokerPoolDirectory directory, LoadBalancerHost balancers, IOptions<ConsoleOptions> options, TimeProvider time)
    {
        var user = await auth.AuthenticateAsync(context);
        var console = options.Value;
        if (!console.EffectiveAdminNamespaces.Contains(user.Namespace.Name, StringComparer.Ordinal))
        {
            throw new ApiException(403, ApiMessages.NotAuthorized);
        }

        var health = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var balancer in balancers.Balancers)
        {
            foreach (var invoker in await balancer.GetInvokerHealthAsync(context.RequestAborted))
            {
                health.TryAdd(invoker.Id.Topic, invoker.State.ToWireString());
            }
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var views = directory.Snapshot();
        var names = views.Select(v => v.Name).Union(health.Keys).Order(StringComparer.Ordinal);
        var points = ActivationSeries.Compute(views.Select(v => v.Samples), now, (long)console.History.TotalMilliseconds, (long)console.Step.TotalMilliseconds);
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("time", now);
            writer.WriteStartArray("invokers");
            foreach (var name in names)
            {
                var view = views.FirstOrDefault(v => v.Name == name);
                WriteInvoker(writer, name, health.GetValueOrDefault(name), view, now);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("history");
            writer.WriteNumber("stepMs", (long)console.Step.TotalMilliseconds);
            writer.WriteStartArray("points");
            foreach (var point in points)
            {
                writer.WriteStartObject();
                writer.WriteNumber("end", point.End);
                writer.WriteNumber("perSecond", Math.Round(point.PerSecond, 3));
                writer.WriteNumber("failedPerSecond", Math.Round(point.FailedPerSecond, 3));
                WriteMs(writer, "p50Ms", point.P50Ms);
                WriteMs(writer, "p90Ms", point.P90Ms);
                WriteMs(writer, "p99Ms", point.P99Ms);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static void WriteInvoker(Utf8JsonWriter writer, string name, string? health, InvokerPoolView? view, long now)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("health", health ?? "unknown");
        if (view is not null)
        {
            writer.WriteBoolean("enabled", view.Enabled);
            writer.WriteNumber("lastPingMsAgo", Math.Max(0, now - view.SeenAt));
        }

        if (view?.Status is { } pool && now - view.StatusAt <= StaleAfterMs)
        {
            writer.WriteNumber("usedMemoryMb", pool.UsedMemoryMb);
            writer.WriteNumber("capacityMb", pool.CapacityMb);
            writer.WriteNumber("buffered", pool.Buffered);
            writer.WriteNumber("inFlight", pool.InFlight);
            writer.WriteNumber("activations", pool.Activations.Count);
            writer.WriteNumber("failedActivations", pool.Activations.Failed);
            writer.WriteNumber("omittedContainers", pool.OmittedContainers);
            writer.WriteStartArray("containers");
            foreach (var group in pool.Containers)
            {
                writer.WriteStartObject();
                if (group.Action is { } action)
                {
                    writer.WriteString("action", action);
                }
                else
                {
                    writer.WriteNull("action");
                }

                writer.WriteString("kind", group.Kind);
                writer.WriteString("state", group.State);
                writer.WriteNumber("count", group.Count);
                writer.WriteNumber("memoryMb", group.MemoryMb);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteMs(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } ms)
        {
            writer.WriteNumber(name, Math.Round(ms, 2));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
