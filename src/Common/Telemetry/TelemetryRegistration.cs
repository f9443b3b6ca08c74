using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// Adds metrics (OpenTelemetry: Prometheus on <c>/metrics</c>, OTLP when configured) and traces (OTLP, when
/// <see cref="TelemetryOptions.Traces"/> and an endpoint are set) to a host.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The meters of ASP.NET Core's HTTP server and of the .NET runtime, exported with the platform's.</summary>
    private static readonly string[] FrameworkMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    /// <summary>
    /// Binds <see cref="TelemetryOptions"/> (section <c>Telemetry</c>), registers <see cref="ActivationMetrics"/>,
    /// <see cref="StoreMetrics"/> and the exporters. Call it after the platform's stores are selected: with metrics on,
    /// the selected artifact store is wrapped so that its calls are timed.
    /// </summary>
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
        services.AddSingleton<StoreMetrics>();
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var tracing = options.Traces && !string.IsNullOrEmpty(options.OtlpEndpoint);
        if (!options.Metrics && !tracing)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(serviceName));
        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics => ConfigureMetrics(metrics, options));
            TimeArtifactStore(services);
        }

        if (tracing)
        {
            telemetry.WithTracing(traces => traces
                // By trace id alone, so controller and invoker agree and a caller's sampled traceparent cannot force recording.
                .SetSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio))
                .AddSource(ActivationTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsOperatorsPath(context.Request.Path, options))
                .AddOtlpExporter(exporter => Otlp(exporter, options, "traces")));
        }

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

    /// <summary>
    /// Refuses (403) scrapes from other machines unless <see cref="TelemetryOptions.MetricsAllowRemote"/>; call it before
    /// the endpoints run (after routing).
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseOpenWhiskMetricsAccess(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (!options.Metrics || options.MetricsAllowRemote || string.IsNullOrEmpty(options.MetricsPath))
        {
            return app;
        }

        return app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(options.MetricsPath) && !IsLocal(context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    /// <summary>Whether the request comes from this machine.</summary>
    /// <param name="context">The request.</param>
    /// <returns>True for a loopback client (or none, in process).</returns>
    public static bool IsLocal(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress is not { } address || System.Net.IPAddress.IsLoopback(address);
    }

    /// <summary>Wraps the selected artifact store (registered before this) so that its calls are timed.</summary>
    private static void TimeArtifactStore(IServiceCollection services)
    {
        var selected = services.LastOrDefault(d => d.ServiceType == typeof(IArtifactStore) && !d.IsKeyedService);
        if (selected?.ImplementationFactory is not { } factory)
        {
            return;
        }

        services.Remove(selected);
        services.AddSingleton<IArtifactStore>(provider => new MeteredArtifactStore((IArtifactStore)factory(provider), provider.GetRequiredService<StoreMetrics>()));
    }

    private static void ConfigureMetrics(MeterProviderBuilder metrics, TelemetryOptions options)
    {
        metrics.AddMeter(MeterNames.All).AddMeter(FrameworkMeters);
        metrics.AddView(instrument => MetricSeriesLimits.For(instrument, options.MaxActionSeries) is { } limit
            ? new MetricStreamConfiguration { CardinalityLimit = limit }
            : null);
        if (!string.IsNullOrEmpty(options.MetricsPath))
        {
            metrics.AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0);
        }

        if (!string.IsNullOrEmpty(options.OtlpEndpoint))
        {
            metrics.AddOtlpExporter(exporter => Otlp(exporter, options, "metrics"));
        }
    }

    /// <summary>The endpoint setting is the collector's base address; over HTTP each signal has its own path.</summary>
    private static void Otlp(OtlpExporterOptions exporter, TelemetryOptions options, string signal)
    {
        var http = options.OtlpProtocol == "http";
        exporter.Protocol = http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var endpoint = options.OtlpEndpoint!.TrimEnd('/');
        exporter.Endpoint = new Uri(http ? $"{endpoint}/v1/{signal}" : endpoint);
    }

    /// <summary>Scrapes and probes are not traced.</summary>
    private static bool IsOperatorsPath(PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/ping") || (options.MetricsPath.Length > 0 && path.StartsWithSegments(options.MetricsPath));
}
