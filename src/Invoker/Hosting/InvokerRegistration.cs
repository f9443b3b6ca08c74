using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenWhisk.Common.Execution;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>Adds an invoker to a host.</summary>
public static class InvokerRegistration
{
    /// <summary>
    /// Registers the invoker service with its options (<c>Invoker</c>, <c>Invoker:Pool</c>, <c>Activations</c>),
    /// the runtimes manifest, and selects the container factory, log store, messaging and stores it uses.
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
        services.AddSingleton<InvokerService>();
        services.AddHostedService(provider => provider.GetRequiredService<InvokerService>());
        return platform
            .Select<IContainerFactory>()
            .Select<ILogStore>()
            .Select<IMessagingProvider>()
            .Select<IActivationStore>()
            .Select<IArtifactStore>();
    }
}
