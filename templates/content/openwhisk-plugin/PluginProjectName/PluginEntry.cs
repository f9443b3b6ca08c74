#if (isLoadBalancer)
using OpenWhisk.Spi.LoadBalancing;
#endif
#if (isLogStore)
using OpenWhisk.Spi.Logs;
#endif
#if (isMessaging)
using OpenWhisk.Spi.Messaging;
#endif
#if (isContainerFactory)
using OpenWhisk.Spi.Containers;
#endif
using OpenWhisk.Spi.Plugins;
#if (isSchedulingPolicy)
using OpenWhisk.Spi.Scheduling;
#endif
#if (isActivationStore || isArtifactStore)
using OpenWhisk.Spi.Stores;
#endif

// The host finds the entry type through this attribute.
[assembly: OpenWhiskPlugin(typeof(PluginProjectName.PluginEntry))]

namespace PluginProjectName;

/// <summary>
/// Registers this plugin's implementation with the host. Operators select it by its name in appsettings.json:
#if (isLogStore)
/// <c>"Spi": { "LogStore": "plugin-implementation-name" }</c>.
#endif
#if (isActivationStore)
/// <c>"Spi": { "ActivationStore": "plugin-implementation-name" }</c>.
#endif
#if (isArtifactStore)
/// <c>"Spi": { "ArtifactStore": "plugin-implementation-name" }</c>.
#endif
#if (isMessaging)
/// <c>"Spi": { "Messaging": "plugin-implementation-name" }</c>.
#endif
#if (isContainerFactory)
/// <c>"Spi": { "ContainerFactory": "plugin-implementation-name" }</c>.
#endif
#if (isSchedulingPolicy)
/// <c>"Invoker": { "Pool": { "Policy": "plugin-implementation-name" } }</c>.
#endif
#if (isLoadBalancer)
/// <c>"LoadBalancer": { "Default": "plugin-implementation-name" }</c>.
#endif
/// Options bound from configuration are registered here too: <c>registrar.AddOptions&lt;MyOptions&gt;("MySection")</c>.
/// </summary>
public sealed class PluginEntry : IOpenWhiskPlugin
{
    /// <summary>The name operators select this implementation by.</summary>
    public const string Name = "plugin-implementation-name";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
#if (isLogStore)
        registrar.AddImplementation<ILogStore, PluginLogStore>(Name);
#endif
#if (isActivationStore)
        registrar.AddImplementation<IActivationStore, PluginActivationStore>(Name);
#endif
#if (isArtifactStore)
        registrar.AddImplementation<IArtifactStore, PluginArtifactStore>(Name);
#endif
#if (isMessaging)
        registrar.AddImplementation<IMessagingProvider, PluginMessagingProvider>(Name);
#endif
#if (isContainerFactory)
        registrar.AddImplementation<IContainerFactory, PluginContainerFactory>(Name);
#endif
#if (isSchedulingPolicy)
        registrar.AddImplementation<ISchedulingPolicyFactory, PluginSchedulingPolicyFactory>(Name);
#endif
#if (isLoadBalancer)
        var configuration = registrar.Configuration;
        registrar.AddOptions<PluginLoadBalancerOptions>("PluginProjectName")
            .PostConfigure(options => options.ControllerInstanceId ??= configuration["Controller:InstanceId"] ?? "0");
        registrar.AddImplementation<ILoadBalancer, PluginLoadBalancer>(Name);
#endif
    }
}
