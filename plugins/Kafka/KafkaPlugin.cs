using Microsoft.Extensions.DependencyInjection;
using OpenWhisk.Plugins.Kafka;
using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Plugins;

[assembly: OpenWhiskPlugin(typeof(KafkaPlugin))]

namespace OpenWhisk.Plugins.Kafka;

/// <summary>
/// Registers Kafka messaging (<c>"Spi": {"Messaging": "kafka"}</c>, section <c>Kafka</c>) and the sharding
/// balancer (<c>"LoadBalancer": {"Default": "sharding"}</c>, or <c>"kafka"</c> as before; section <c>Kafka:LoadBalancer</c>).
/// </summary>
public sealed class KafkaPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<KafkaOptions>("Kafka");
        registrar.AddOptions<KafkaLoadBalancerOptions>("Kafka:LoadBalancer")
            .PostConfigure<IHostIdentity>((options, host) => options.ControllerInstanceId ??= host.Controller?.AsString ?? "0");
        registrar.AddImplementation<IMessagingProvider, KafkaMessagingProvider>(KafkaMessagingProvider.Name);
        registrar.AddImplementation<ILoadBalancer, ShardingLoadBalancer>(ShardingLoadBalancer.BalancerName);
        registrar.AddImplementation<ILoadBalancer>(ShardingLoadBalancer.FormerName, services => services.GetRequiredKeyedService<ILoadBalancer>(ShardingLoadBalancer.BalancerName));
    }
}
