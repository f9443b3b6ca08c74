using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Health;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Stores;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>Adds an invoker to a host.</summary>
public static class InvokerRegistration
{
    /// <summary>
    /// Registers the invoker service with its options (<c>Invoker</c>, <c>Invoker:Pool</c>, <c>Activations</c>),
    /// the runtimes manifest, the memory budget the pool shares with container-owning balancers of the same process
    /// (<see cref="ISharedMemoryBudget"/>, <c>Invoker:Pool:UserMemoryMb</c>), the built-in scheduling policies
    /// (<c>openwhisk</c>, <c>adaptive</c> with <c>Invoker:Pool:Adaptive</c>), and selects the pool's scheduling policy
    /// (<c>Invoker:Pool:Policy</c>, default <c>openwhisk</c>), the container factory, log store, messaging and stores it uses.
    /// </summary>
    /// <param name="platform">The host's platform builder.</param>
    /// <returns>The builder.</returns>
    public static PlatformBuilder AddOpenWhiskInvoker(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var services = platform.Services;
        services.AddOptions<InvokerOptions>().Bind(platform.Configuration.GetSection("Invoker")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ContainerPoolOptions>().Bind(platform.Configuration.GetSection("Invoker:Pool")).ValidateDataAnnotations().ValidateOnStart();
        services.AddRuntimesManifest(platform.Configuration);
        services.AddActivationRunnerOptions(platform.Configuration);
        services.TryAddSingleton(TimeProvider.System);
        // One memory budget for the pool and any balancer of the same process that owns containers (direct).
        services.AddSingleton(provider => new SharedMemoryBudget(provider.GetRequiredService<IOptions<ContainerPoolOptions>>().Value.UserMemoryMb));
        services.AddSingleton<ISharedMemoryBudget>(provider => provider.GetRequiredService<SharedMemoryBudget>());
        platform.BuiltIn.AddImplementation<ISchedulingPolicyFactory, OpenWhiskSchedulingPolicyFactory>(OpenWhiskSchedulingPolicy.Name);
        platform.BuiltIn.AddImplementation<ISchedulingPolicyFactory, AdaptiveSchedulingPolicyFactory>(AdaptiveSchedulingPolicy.Name);
        services.AddOptions<AdaptivePolicyOptions>().Bind(platform.Configuration.GetSection("Invoker:Pool:Adaptive")).ValidateDataAnnotations().ValidateOnStart();
        var configuredPolicy = platform.Configuration["Invoker:Pool:Policy"];
        var policy = platform.RequireInstalled<ISchedulingPolicyFactory>(
            string.IsNullOrWhiteSpace(configuredPolicy) ? OpenWhiskSchedulingPolicy.Name : configuredPolicy.Trim(), "Invoker:Pool:Policy");
        services.AddSingleton(provider => provider.GetRequiredKeyedService<ISchedulingPolicyFactory>(policy));
        services.AddSingleton<InvokerService>();
        services.AddSingleton<IInProcessInvoker>(provider => provider.GetRequiredService<InvokerService>());
        services.AddHostedService(provider => provider.GetRequiredService<InvokerService>());
        services.AddInstruments<InvokerMetrics>();
        services.AddHealthChecks().AddProbe("containerFactory", "The container factory", provider => provider.GetRequiredService<IContainerFactory>().CheckHealthAsync);
        return platform
            .Select<IContainerFactory>()
            .Select<ILogStore>()
            .Select<IMessagingProvider>()
            .Select<IActivationStore>()
            .Select<IArtifactStore>();
    }
}
