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
        registrar.AddOptions<DirectLoadBalancerOptions>("Direct")
            .PostConfigure<IHostIdentity>((options, host) => options.Owner ??= "wskdirect" + (host.Controller?.AsString ?? "0"))
            .Validate(options => options.MinConcurrency >= 2, "Direct:MinConcurrency must be at least 2: the direct balancer shares containers.")
            .Validate(options => options.MemoryBudgetMb > 0, "Direct:MemoryBudgetMb must be positive.")
            .Validate(options => options.IdleTimeout > TimeSpan.Zero, "Direct:IdleTimeout must be positive.")
            .Validate(options => options.PauseGrace > TimeSpan.Zero, "Direct:PauseGrace must be positive.")
            .Validate(
                options => options.StemCells.All(c => !string.IsNullOrWhiteSpace(c.Kind) && c.MemoryMb > 0 && c.Count >= 0),
                "Each of Direct:StemCells needs a Kind, a positive MemoryMb and a Count of at least 0.");
        registrar.AddImplementation<ILoadBalancer, DirectLoadBalancer>(DirectLoadBalancer.BalancerName);
    }
}
