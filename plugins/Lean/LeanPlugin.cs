using OpenWhisk.Plugins.Lean;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Plugins;

[assembly: OpenWhiskPlugin(typeof(LeanPlugin))]

namespace OpenWhisk.Plugins.Lean;

/// <summary>
/// Registers the balancer <c>lean</c> (<c>"LoadBalancer": {"Default": "lean"}</c>, the default), configured by
/// <c>LoadBalancer:LeanInvoker</c>. Every controller has it built in.
/// </summary>
public sealed class LeanPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddOptions<LeanLoadBalancerOptions>("LoadBalancer");
        registrar.AddImplementation<ILoadBalancer, LeanLoadBalancer>(LeanLoadBalancer.BalancerName);
    }
}
