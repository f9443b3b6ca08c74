using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OpenWhisk.Common.Telemetry;

/// <summary>Adds metrics (OpenTelemetry: Prometheus on <c>/metrics</c>, OTLP when configured) to a host.</summary>
public static class TelemetryRegistration
{
    /// <summary>The meters of ASP.NET Core's HTTP server and of the .NET runtime, exported with the platform's.</summary>
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>Binds <see cref="TelemetryOptions"/> (section <c>Telemetry</c>), registers <see cref="ActivationMetrics"/> and the exporters.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="serviceName">The service's name in exported resources (<c>openwhisk-controller</c>, <c>openwhisk-invoker</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddOpenWhiskTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Telemetry");
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<ActivationMetrics>();
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Metrics)
        {
            return services;
        }

        var seriesLimit = Math.Max(2000, (options.MaxActionSeries * 8) + 64);
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeterNames.All).AddMeter(FrameworkMeters);
                metrics.AddView(instrument => instrument.Meter.Name == MeterNames.Activations
                    ? new MetricStreamConfiguration { CardinalityLimit = seriesLimit }
                    : null);
                if (!string.IsNullOrEmpty(options.MetricsPath))
                {
                    metrics.AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (!string.IsNullOrEmpty(options.OtlpEndpoint))
                {
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(options.OtlpEndpoint));
                }
            });
        return services;
    }

    /// <summary>Serves the Prometheus scrape endpoint at <see cref="TelemetryOptions.MetricsPath"/> when metrics are on.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IEndpointRouteBuilder MapOpenWhiskMetrics(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Metrics && !string.IsNullOrEmpty(options.MetricsPath))
        {
            app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        }

        return app;
    }
}
