using OpenWhisk.Common.Plugins;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>The controller's named load balancers, created on first use from the installed implementations.</summary>
public sealed class LoadBalancerProvider(IServiceProvider services, ImplementationCatalog catalog) : ILoadBalancerProvider
{
    public IReadOnlyCollection<string> Names => catalog.NamesFor(typeof(ILoadBalancer));

    public ILoadBalancer GetLoadBalancer(string name)
    {
        if (!catalog.TryFind(typeof(ILoadBalancer), name, out var registered))
        {
            throw new KeyNotFoundException($"No load balancer named '{name}' is installed. Installed: {catalog.Describe(typeof(ILoadBalancer))}.");
        }

        return services.GetRequiredKeyedService<ILoadBalancer>(registered);
    }
}
