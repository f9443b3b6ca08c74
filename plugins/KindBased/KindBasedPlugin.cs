using OpenWhisk.Plugins.KindBased;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Plugins;

[assembly: OpenWhiskPlugin(typeof(KindBasedPlugin))]

namespace OpenWhisk.Plugins.KindBased;

/// <summary>
/// Registers the resolver <c>kind-based</c> (<c>"Spi": {"LoadBalancerResolver": "kind-based"}</c>), configured in
/// section <c>LoadBalancer</c>: <c>Default</c>, <c>Kinds</c> and <c>AllowAnnotation</c>.
/// </summary>
public sealed class KindBasedPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<KindBasedResolverOptions>("LoadBalancer");
        registrar.AddImplementation<ILoadBalancerResolver, KindBasedResolver>(KindBasedResolver.Name);
    }
}
