using OpenWhisk.Plugins.Single;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Plugins;

[assembly: OpenWhiskPlugin(typeof(SinglePlugin))]

namespace OpenWhisk.Plugins.Single;

/// <summary>
/// Registers the resolver <c>single</c> (<c>"Spi": {"LoadBalancerResolver": "single"}</c>, the default): every action
/// goes to the balancer <c>LoadBalancer:Default</c>. Every controller has it built in.
/// </summary>
public sealed class SinglePlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<SingleResolverOptions>("LoadBalancer");
        registrar.AddImplementation<ILoadBalancerResolver, SingleLoadBalancerResolver>(SingleLoadBalancerResolver.Name);
    }
}
