using OpenWhisk.Plugins.Direct;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Plugins;

[assembly: OpenWhiskPlugin(typeof(DirectPlugin))]

namespace OpenWhisk.Plugins.Direct;

/// <summary>Registers the balancer <c>direct</c>, configured in section <c>Direct</c>.</summary>
public sealed class DirectPlugin : IOpenWhiskPlugin
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        var configuration = registrar.Configuration;
        registrar.AddOptions<DirectLoadBalancerOptions>("Direct")
            .PostConfigure(options => options.Owner ??= "wskdirect" + (configuration["Controller:InstanceId"] ?? "0"))
            .Validate(options => options.MinConcurrency >= 2, "Direct:MinConcurrency must be at least 2: the direct balancer shares containers.")
            .Validate(options => options.MemoryBudgetMb > 0, "Direct:MemoryBudgetMb must be positive.")
            .Validate(options => options.IdleTimeout > TimeSpan.Zero, "Direct:IdleTimeout must be positive.");
        registrar.AddImplementation<ILoadBalancer, DirectLoadBalancer>(DirectLoadBalancer.BalancerName);
    }
}
