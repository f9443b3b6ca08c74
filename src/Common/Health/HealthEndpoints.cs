using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Common.Health;

/// <summary>
/// The hosts' health checks (ASP.NET Core): <c>/health/live</c> answers 200 while the process serves requests;
/// <c>/health/ready</c> runs every check tagged <see cref="Ready"/> (stores, messaging, and per role the container
/// factory or a healthy invoker) and answers 200 or 503 with each check's status and description as JSON.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks readiness runs.</summary>
    public const string Ready = "ready";

    /// <summary>How long one check may take before it counts as unhealthy.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registers the checks every host has: <c>stores</c> and <c>messaging</c>.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The health checks builder, for the role's own checks.</returns>
    public static IHealthChecksBuilder AddOpenWhiskHealth(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("stores", tags: [Ready], timeout: CheckTimeout)
            .AddProbe("messaging", "The messaging layer", provider => provider.GetRequiredService<IMessagingProvider>().CheckHealthAsync);

    /// <summary>Adds a readiness check that runs a component's own probe.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name in the report.</param>
    /// <param name="component">What is probed, for the description.</param>
    /// <param name="probe">Finds the probe in the services.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddProbe(this IHealthChecksBuilder builder, string name, string component, Func<IServiceProvider, Func<CancellationToken, Task>> probe)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(probe);
        return builder.Add(new HealthCheckRegistration(name, provider => new ProbeHealthCheck(component, probe(provider)), failureStatus: null, tags: [Ready], timeout: CheckTimeout));
    }

    /// <summary>Maps <c>/health/live</c> and <c>/health/ready</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapOpenWhiskHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
            ["durationMs"] = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            ["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => new Dictionary<string, object?>
                {
                    ["status"] = e.Value.Status.ToString(),

                    // What failed may name hosts and ports: only callers on this machine see it.
                    ["description"] = Telemetry.TelemetryRegistration.IsLocal(context) ? e.Value.Description ?? e.Value.Exception?.Message : null,
                    ["durationMs"] = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
