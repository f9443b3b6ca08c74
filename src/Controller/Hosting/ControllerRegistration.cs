using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Health;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Common.Stores;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Controller.Alarms;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Catalog;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Execution;
using OpenWhisk.Plugins.Lean;
using OpenWhisk.Plugins.Single;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Plugins;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.LoadBalancing;

namespace OpenWhisk.Controller.Hosting;

/// <summary>Adds a controller to a host.</summary>
public static class ControllerRegistration
{
    /// <summary>The longest deadline a journal note can have: a composition of the most components, each at the longest time limit.</summary>
    private static TimeSpan LongestJournalNote(LimitsOptions limits, LoadBalancerOptions balancer) =>
        ((TimeSpan.FromMilliseconds(limits.TimeoutMs.Max) + TimeSpan.FromMinutes(1)) * Math.Max(1, limits.SequenceMaxLength)) + balancer.TimeoutAddon;

    /// <summary>Registers the plugins every controller has built in: balancer <c>lean</c> (<c>plugins/Lean</c>), resolver <c>single</c> (<c>plugins/Single</c>).</summary>
    public static IPluginRegistrar AddControllerBuiltIns(this IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        new LeanPlugin().Register(registrar);
        new SinglePlugin().Register(registrar);
        return registrar;
    }

    /// <summary>
    /// Registers the REST API's services and options (<c>Controller</c>, <c>Limits</c>, <c>LoadBalancer</c>) and
    /// selects the stores, log store, messaging, container factory (for balancers that own containers, such as
    /// <c>direct</c>; created only when one asks for it) and load-balancer resolver from configuration.
    /// </summary>
    public static PlatformBuilder AddOpenWhiskController(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var services = platform.Services;
        var configuration = platform.Configuration;
        services.AddOptions<ControllerOptions>().Bind(configuration.GetSection("Controller")).ValidateDataAnnotations().ValidateOnStart();
        services.Replace(ServiceDescriptor.Singleton<IHostIdentity>(
            provider => HostIdentity.ForController(provider.GetRequiredService<IOptions<ControllerOptions>>().Value.InstanceId)));
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection("Limits"));
        services.AddOptions<LoadBalancerOptions>().Bind(configuration.GetSection("LoadBalancer")).ValidateDataAnnotations().ValidateOnStart();
        services.AddRuntimesManifest(configuration);
        services.AddActivationRunnerOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IdentityBootstrap>();
        services.AddHostedService(provider => provider.GetRequiredService<IdentityBootstrap>());
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection("Catalog"));
        services.AddHostedService<CatalogInstaller>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<ActionStore>();
        services.AddSingleton<PackageStore>();
        services.AddSingleton<TriggerStore>();
        services.AddSingleton<RuleStore>();
        services.AddSingleton<TriggerApi>();
        services.AddSingleton<RuleApi>();
        services.AddSingleton<Web.WebActionApi>();
        services.AddSingleton<Routes.GatewayApiStore>();
        services.AddSingleton<Routes.ApiManagementApi>();
        services.AddSingleton<TriggerFirer>();
        services.AddOptions<AlarmOptions>().Bind(configuration.GetSection("Alarms"));
        services.AddSingleton<AlarmStore>();
        services.AddSingleton<IAlarmTarget, AlarmTarget>();
        services.AddSingleton<AlarmTicker>();
        services.AddSingleton<AlarmApi>();
        services.AddHostedService<AlarmScheduler>();
        services.AddSingleton<EntitlementChecker>();
        services.AddSingleton<ActionResolver>();
        services.AddSingleton<SequenceValidator>();
        services.AddSingleton<ActionApi>();
        services.AddSingleton<PackageApi>();
        services.AddOptions<JournalOptions>().Bind(configuration.GetSection("Journal")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AcceptedActivations>();
        services.AddHostedService<OverdueActivationSweeper>();
        services.AddOptions<ActivationRetentionOptions>().Bind(configuration.GetSection("Activations")).ValidateDataAnnotations()
            .Validate<IOptions<LimitsOptions>, IOptions<LoadBalancerOptions>>(
                (retention, limits, balancer) => retention.Window is not { } window || window > LongestJournalNote(limits.Value, balancer.Value) + TimeSpan.FromHours(1),
                "Activations:Retention must exceed by an hour the longest an activation may stay journaled: (Limits:TimeoutMs:Max + 1 minute) x Limits:SequenceMaxLength + LoadBalancer:TimeoutAddon.")
            .ValidateOnStart();
        services.AddHostedService<Common.Stores.ActivationRetentionService>();
        services.AddSingleton<ActionInvoker>();
        services.AddSingleton<ActivationDispatcher>();
        services.AddSingleton<ActionGateway>();
        services.AddSingleton<InFlightActivations>();
        services.AddSingleton<InvocationThrottles>();
        services.AddSingleton<ILoadBalancerProvider, LoadBalancerProvider>();
        services.AddSingleton<IActivationTrackerFactory>(provider => new ActivationTrackerFactory(
            provider.GetRequiredService<IOptions<ActivationRunnerOptions>>().Value.Store == ActivationStoreLevel.None ? null : provider.GetRequiredService<IActivationStore>(),
            provider.GetRequiredService<IOptions<LoadBalancerOptions>>().Value.CompletionTimeout(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IContainerActivationRunner, ContainerActivationRunner>();
        services.AddSingleton<LoadBalancerHost>();
        services.AddHostedService(provider => provider.GetRequiredService<LoadBalancerHost>());
        services.AddInstruments<ControllerMetrics>();
        services.AddHealthChecks().AddCheck<InvokersHealthCheck>("invokers", tags: [HealthEndpoints.Ready], timeout: HealthEndpoints.CheckTimeout);
        services.AddHostedService<CompositeActivationsDrain>();

        platform.RequireInstalled<ILoadBalancer>(configuration["LoadBalancer:Default"] ?? "lean", "LoadBalancer:Default");
        return platform
            .Select<IArtifactStore>()
            .Select<IActivationStore>()
            .Select<ILogStore>()
            .Select<IMessagingProvider>()
            .Select<IContainerFactory>(defaultName: "docker")
            .Select<ILoadBalancerResolver>(SingleLoadBalancerResolver.Name);
    }
}
